import { defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// Tests run against the sources: `mc-login-harness` imports (scenario files, fixtures) resolve
// through the package's `mc-login-harness-source` export condition to harness/*.ts, not dist/.
const conditions = ['mc-login-harness-source', ...defaultServerConditions]
const roots = ['harness', 'test', 'scenarios', 'docs']
const files = (suffix: string) => roots.map((root) => `${root}/**/*${suffix}`)

/**
 * Four tiers, one vitest project each, chosen by the file name (docs/contributing.md says which
 * tier a change needs):
 * - unit `*.test.ts`: starts no server, socket, process, thread or container (enforced by
 *   test/support/unit-tier-guard.ts), so the whole tier runs in well under a minute;
 * - integration `*.int.test.ts`: real servers on loopback sockets, CLI processes, worker threads;
 * - docker `*.docker.test.ts`: real Docker (under CI=true a missing engine fails them);
 * - e2e `*.e2e.test.ts`: the packed package in a fresh consumer project, the workflow template.
 * `npm test` runs them all; `npm run test:unit` (and test:int, test:docker, test:e2e) one.
 */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    pool: 'forks',
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: files('.test.ts'),
          exclude: [...files('.int.test.ts'), ...files('.docker.test.ts'), ...files('.e2e.test.ts')],
          setupFiles: ['./test/support/unit-tier-guard.ts'],
          // One module graph for the whole tier: most of its time was each file importing the
          // harness again (about 50 s became 30 s for 491 tests). Unit tests keep no global state
          // between files (vi.stubEnv is undone in the test that sets it).
          isolate: false,
          // A hang guard only: the tier's speed is its wall time (about 20 s idle). A cold first
          // read of minecraft-data's language files took over 10 s at load 27.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: files('.int.test.ts'),
          // Real servers and sockets: give slow paths (authlib's 5 s timeout) room, but never hang
          // forever. A hang guard, not a speed limit (speed is measured in bench/): on a 2-core
          // runner at load 14, CLI tests that start several servers took 55-61 s.
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: 'docker', include: files('.docker.test.ts'), testTimeout: 180_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        test: { name: 'e2e', include: files('.e2e.test.ts'), testTimeout: 180_000, hookTimeout: 120_000 },
      },
    ],
  },
})
