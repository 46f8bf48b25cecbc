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
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
})
