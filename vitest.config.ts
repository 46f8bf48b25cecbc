import { defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

// Tests run against the sources: `mc-login-harness` imports (scenario files, fixtures) resolve
// through the package's `mc-login-harness-source` export condition to harness/*.ts, not dist/.
const conditions = ['mc-login-harness-source', ...defaultServerConditions]

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['harness/**/*.test.ts', 'test/**/*.test.ts', 'scenarios/**/*.test.ts'],
    // Real servers and sockets: give slow paths (authlib's 5 s timeout) room, but never hang forever.
    // A hang guard, not a speed limit (speed is measured in bench/): on a 2-core runner at load 14,
    // CLI tests that start several servers took 55-61 s, so 60 s was a limit a slow machine could hit.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
})
