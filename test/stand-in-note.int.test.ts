import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writePluginJar } from '../harness/server/container/testing/plugin-jar-fixture.ts'
import { runCli } from './support/cli.ts'

/** `run --list` starts nothing, so the note is checked without Docker. */
describe('a run with plugins on the local stand-in image', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mclh-note-'))
  const jar = writePluginJar(dir, 'my-plugin.jar', 'name: MyPlugin\nversion: 1\nmain: com.example.Main\n')
  const note =
    /note: my-plugin\.jar goes to the local stand-in image, .*never runs its code.*Only real Paper tests the plugin's behaviour: --image itzg/g

  it("says once, on stderr, that the plugin's code does not run there", async () => {
    const result = await runCli(['run', '--builtin', '--backend', 'container', '--plugin', jar, '--list'], {
      env: { MC_LOGIN_HARNESS_IMAGE: '' },
    })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr.match(note)).toHaveLength(1)
    expect(result.stdout).not.toMatch(note)
  })

  it('says nothing when the plugin goes to real Paper (--image itzg) or there is no plugin', async () => {
    const itzg = await runCli(['run', '--builtin', '--backend', 'container', '--image', 'itzg', '--plugin', jar, '--list'])
    expect(itzg.code, itzg.stderr).toBe(0)
    expect(itzg.stderr).not.toMatch(/stand-in/)
    const none = await runCli(['run', '--builtin', '--backend', 'container', '--list'], { env: { MC_LOGIN_HARNESS_PLUGINS: '' } })
    expect(none.stderr).not.toMatch(/stand-in/)
  })
})
