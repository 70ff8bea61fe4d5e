import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

// ---- The nevers (DESIGN.md): which folder may import what. ----
// `@typescript-eslint/no-restricted-imports` matches the import's text (gitignore patterns), so a
// relative path that climbs into another folder (`../../server/src/x.js`) is caught wherever it starts.
// In a flat config the last block that sets a rule for a file wins, so each folder gets ONE block that
// lists all that folder's restrictions.

const FRONT_ENDS = ['counter', 'display', 'kiosk']
const under = (...folders) => folders.flatMap((f) => [`**/${f}`, `**/${f}/**`])

const noNodeBuiltins = { group: ['node:*'], message: 'Front ends and shared code run in the browser: no Node built-ins.' }
const noServerInBrowser = { group: under('server'), message: 'Front ends and shared/ never import server code: the contract lives in shared/.' }
const noTests = { group: under('test'), message: 'Application code never imports the tests.' }

/** A front end imports its own folder, shared/ and npm packages: nothing from the server or another front end. */
function frontEnd(name, { browser = true } = {}) {
  const others = FRONT_ENDS.filter((f) => f !== name)
  return {
    patterns: [
      ...(browser ? [noNodeBuiltins] : []),
      noServerInBrowser,
      noTests,
      { group: under(...others), message: `${name}/ imports only its own folder, shared/ and npm packages, not another front end (${others.join(', ')}).` },
    ],
  }
}

const sharedCode = {
  patterns: [
    noNodeBuiltins,
    noServerInBrowser,
    noTests,
    { group: under(...FRONT_ENDS), message: 'shared/ is imported by the front ends, it imports none of them.' },
  ],
}

// The domain decides; it neither transports, prints, stores nor draws randomness itself (ids, secrets and
// the clock are injected through the runner's context). Data only through the repository interfaces.
const domainCode = {
  paths: [
    { name: 'node:crypto', message: 'Domain rules get ids and secrets injected (runner context), never from crypto.' },
    { name: 'crypto', message: 'Domain rules get ids and secrets injected (runner context), never from crypto.' },
    { name: 'qrcode', message: 'Printing and drawing stay out of the domain.' },
    { name: 'node-thermal-printer', message: 'Printing stays out of the domain.' },
    { name: 'better-sqlite3', message: 'The domain sees repositories, not a driver.' },
  ],
  patterns: [
    { group: ['fastify', 'fastify-*', '@fastify/*'], message: 'The domain knows no HTTP: routes call commands.' },
    { group: ['socket.io', 'socket.io-*'], message: 'The domain knows no sockets: the runner publishes after commit.' },
    { group: ['@napi-rs/canvas', ...under('printing')], message: 'Printing stays out of the domain.' },
    { group: [...under('routes'), ...under('plugins')], message: 'The domain is called by routes and plugins, it imports none of them.' },
    { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'The domain does not see SQL: use a repository (server/src/db/repositories.ts).' },
    {
      group: ['**/db/**', '!**/db/store.js', '!**/db/repositories.js'],
      message: 'The domain reaches data only through the Store and repository interfaces (db/store.ts, db/repositories.ts).',
    },
    { group: ['**/db/store.js', '**/db/repositories.js'], allowTypeImports: true, message: 'The domain imports only the types of the store and repositories.' },
  ],
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.tap/**', '.test-build/**', 'test/artifacts/**', 'display/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error', 'log'] }],
    },
  },
  // Type-aware rules: a promise is awaited, handled, or explicitly let go (`void`).
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // tap's `t.test(...)` returns a promise tap itself tracks: leaving it un-awaited is the idiom.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: '@tapjs/test', name: 'test' }] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  { files: ['shared/**'], rules: { '@typescript-eslint/no-restricted-imports': ['error', sharedCode] } },
  { files: ['counter/**'], rules: { '@typescript-eslint/no-restricted-imports': ['error', frontEnd('counter')] } },
  { files: ['kiosk/**'], rules: { '@typescript-eslint/no-restricted-imports': ['error', frontEnd('kiosk')] } },
  { files: ['display/**'], rules: { '@typescript-eslint/no-restricted-imports': ['error', frontEnd('display')] } },
  // The sound-pack script runs in Node at build time: Node built-ins allowed, the other limits hold.
  { files: ['display/scripts/**'], rules: { '@typescript-eslint/no-restricted-imports': ['error', frontEnd('display', { browser: false })] } },
  {
    files: ['server/src/domain/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', domainCode],
      'no-restricted-globals': ['error', { name: 'crypto', message: 'Domain rules get ids and secrets injected (runner context).' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Randomness is injected (runner context), so rules are repeatable in tests.' },
        { object: 'Date', property: 'now', message: 'The clock is injected (`now` in the command), so tests run on a fake clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The clock is injected: `new Date(now)`, not `new Date()`.' },
      ],
    },
  },
  // Plain JavaScript (this file, build scripts) is not in the TypeScript project.
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
)
