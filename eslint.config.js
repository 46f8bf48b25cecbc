/**
 * ESLint with typescript-eslint (`npm run lint`, which CI runs before the tests): the recommended
 * rules of both, and a few choices for this code base, each with its reason. The import rules
 * between harness/ folders are dependency-cruiser's (.dependency-cruiser.cjs), not ESLint's.
 * Formatting is Prettier's (`npm run format:check`), so no stylistic rules here.
 */
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'reports/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'smart'],
      // `_name` marks a value left out on purpose (a rest destructuring that drops fields, an
      // unused callback parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Listener signatures of minecraft-protocol's and mineflayer's untyped emitters take `...args: any[]`.
      '@typescript-eslint/no-explicit-any': ['error', { ignoreRestArgs: true }],
      // vitest's module augmentation: `interface Assertion<T> extends LoginMatchers<T> {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // vitest fixtures must destructure their first parameter, also when they use none: `async ({}, use) => ...`.
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
      // Walking a scope's parents starts at `this` (`for (let s = this; s; s = s.parent)`), which is
      // not the closure alias the rule is about.
      '@typescript-eslint/no-this-alias': 'off',
      // Library code throws or returns; the CLI prints (harness/README.md, "Who may import whom").
      'no-console': 'error',
    },
  },
  {
    // Processes of their own (the CLI, the stand-in image's server) and the vitest fixtures, which
    // print the warnings a user's test run should show; tests, benches and scripts print freely.
    files: [
      'harness/cli/**',
      'harness/server/container/entrypoint.ts',
      'harness/vitest/**',
      '**/*.test.ts',
      'bench/**',
      'ci/**',
      'test/**',
      '**/testing/**',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests, benches and test helpers poke at untyped libraries' answers.
    files: ['**/*.test.ts', 'bench/**', 'test/**', '**/testing/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
)
