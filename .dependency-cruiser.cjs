/**
 * The import rules of harness/README.md ("Who may import whom"), enforced: `npm run lint:deps`
 * (part of `npm run lint`, which CI runs) fails on a forbidden import, naming the rule and both
 * files. Each rule's `comment` is what the message says; change a rule here and in
 * harness/README.md together. Tests (`*.test.ts`) and test helpers (`testing/` folders) may import
 * anything: they start what they test.
 */
const TESTS = '(\\.test\\.ts$|/testing/)'

/** What `outcome/` and `input/` may import besides their own folder: they are pure and shared by all. */
const SHARED_LEAVES = '^harness/(errors|did-you-mean|platforms)\\.ts$'

/**
 * What `scenario/`, `check/` and `login-pipeline/` may import of backends/, server/ and session/:
 * the Backend interface and the server and mock contracts, and pure rules that read a file or an
 * input the way a server does. Never an implementation that starts something.
 */
const SERVER_CONTRACTS = [
  '^harness/backends/backend\\.ts$',
  '^harness/server/types\\.ts$',
  '^harness/session/types\\.ts$',
  // pure readers and rules: server.properties, list files, Paper's config files, itzg's types,
  // a plugin jar's descriptor, a premium account's UUID, a launcher's sign-in over HTTP
  '^harness/server/properties\\.ts$',
  '^harness/server/lists\\.ts$',
  '^harness/server/paper/config-files\\.ts$',
  '^harness/server/container/env-contract\\.ts$',
  '^harness/server/container/plugin-jar\\.ts$',
  // a proxy's own files (velocity.toml, BungeeCord's config.yml), read as the stand-in proxy reads them
  '^harness/server/container/proxy-files\\.ts$',
  '^harness/session/accounts\\.ts$',
  '^harness/session/sign-in-elsewhere\\.ts$',
]

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'outcome-is-pure',
      comment:
        'outcome/ imports nothing of the harness but errors.ts, did-you-mean.ts and platforms.ts (harness/README.md, "Who may import whom")',
      severity: 'error',
      from: { path: '^harness/outcome/', pathNot: TESTS },
      to: { path: '^harness/', pathNot: ['^harness/outcome/', SHARED_LEAVES] },
    },
    {
      name: 'input-is-pure',
      comment:
        "input/ imports nothing of the harness but errors.ts, did-you-mean.ts, platforms.ts and outcome/codes.ts (the storm options' outcome codes)",
      severity: 'error',
      from: { path: '^harness/input/', pathNot: TESTS },
      to: { path: '^harness/', pathNot: ['^harness/input/', SHARED_LEAVES, '^harness/outcome/codes\\.ts$'] },
    },
    {
      name: 'server-does-not-import-session',
      comment:
        'server/ never imports session/: the server asks the mock over HTTP, as a real server asks Mojang (only server/container/ packages both)',
      severity: 'error',
      from: { path: '^harness/server/', pathNot: ['^harness/server/container/', TESTS] },
      to: { path: '^harness/session/' },
    },
    {
      name: 'session-does-not-import-server',
      comment: 'session/ never imports server/: the mock is Mojang, it knows nothing of servers',
      severity: 'error',
      from: { path: '^harness/session/', pathNot: TESTS },
      to: { path: '^harness/server/' },
    },
    {
      name: 'servers-only-through-backends',
      comment:
        'scenario/, check/ and login-pipeline/ see servers only through the Backend interface (backends/backend.ts) and the contracts in server/types.ts and session/types.ts (plus the pure readers listed in .dependency-cruiser.cjs): ask the backend to start things',
      severity: 'error',
      from: { path: '^harness/(scenario|check|login-pipeline)/', pathNot: TESTS },
      to: { path: '^harness/(backends|server|session)/', pathNot: SERVER_CONTRACTS },
    },
    {
      name: 'backends-are-below-their-callers',
      comment:
        'backends/ may import server/ (with container/ and guard/), session/ and the shared modules, never the layers that use backends',
      severity: 'error',
      from: { path: '^harness/backends/', pathNot: TESTS },
      to: { path: '^harness/(scenario|check|login-pipeline|storm|report|cli|vitest)/' },
    },
    {
      name: 'only-cli-imports-cli',
      comment: 'cli/ is the top layer: nothing in the library imports it (library code throws; the CLI prints and sets exit codes)',
      severity: 'error',
      from: { path: '^harness/', pathNot: ['^harness/cli/', TESTS] },
      to: { path: '^harness/cli/' },
    },
    {
      name: 'no-test-code-in-the-library',
      comment:
        'library code never imports tests, test/ or testing/ helpers: they are not in dist/, so the published package would fail to load',
      severity: 'error',
      from: { path: '^harness/', pathNot: TESTS },
      to: { path: ['\\.test\\.ts$', '/testing/', '^test/'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to no file (a typo, or a module that was moved)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts too: a type-only import still ties the layers together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['mc-login-harness-source', 'import', 'types', 'default'],
    },
  },
}
