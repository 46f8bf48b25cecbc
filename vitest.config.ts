import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'test/**/*.test.ts', 'scenarios/**/*.test.ts'],
    // Real servers and sockets: give slow paths (authlib's 5 s timeout) room, but never hang forever.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
})
