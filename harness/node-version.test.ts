import { describe, expect, it } from 'vitest'
import { MIN_NODE_VERSION, nodeVersionProblem } from './node-version.ts'

describe('nodeVersionProblem', () => {
  it('accepts the minimum and anything newer', () => {
    for (const version of [MIN_NODE_VERSION, '22.20.0', '23.0.0', '24.21.0', '30.1.2']) expect(nodeVersionProblem(version)).toBeUndefined()
  })

  it('names the version found, the one needed and how to get it for anything older', () => {
    for (const version of ['20.20.2', '22.18.9', '22.0.0', '18.19.1']) {
      const problem = nodeVersionProblem(version)
      expect(problem).toContain(`needs Node.js ${MIN_NODE_VERSION} or newer`)
      expect(problem).toContain(`this is Node.js ${version}`)
      expect(problem).toMatch(/nvm install 22/)
    }
  })

  it('matches the engines field users see in package.json', async () => {
    const { default: pkg } = await import('../package.json', { with: { type: 'json' } })
    expect(pkg.engines.node).toBe(`>=${MIN_NODE_VERSION}`)
  })
})
