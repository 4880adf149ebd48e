import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * A no-restricted-imports pattern for relative imports that reach any of the named top-level
 * folders of src/ (`../db/…`, `../../services/…`, `../server.js`). No subfolder in src/ shares a
 * top-level folder's name, so the number of `../` does not matter.
 */
const reaching = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})(/|\\.js$|$)`, message });

/** The top-level folders of src/ (and server.ts). */
const SRC = ['cli', 'config', 'core', 'db', 'demo', 'documents', 'domain', 'http', 'jobs', 'notify', 'services', 'storage', 'server'];
const except = (...keep) => SRC.filter((f) => !keep.includes(f));

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        // Each file is checked with the tsconfig that owns it (root or web/); the Vite config belongs to neither.
        projectService: { allowDefaultProject: ['web/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      // Promises are awaited or handed on. `void p` marks the few fire-and-forget calls: react-router's
      // navigate() (its promise only settles a data router's loaders, which the app does not use), antd's
      // message.* toasts, and event handlers (onConfirm, onFinish, onClick) whose async body catches its
      // own errors — the server's error is shown by the API client.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Off: measured on 2026-12-05, all 45 findings were async functions that fulfil a promise-returning
      // contract without awaiting anything — Fastify plugins and hooks (which must be async or take
      // `done`), route handlers, Kysely's MigrationProvider, Sweep.run, test fakes of PasswordHasher.
      // None was a missing await; rewriting them as Promise.resolve(...) would only add noise.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Plain JavaScript (CLI entry, scripts, service worker, this file) has no types to check against.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Off in tests: measured on 2026-12-05, all 32 findings left after typing the replies
      // (res.json<T>()) were vitest's asymmetric matchers (expect.any, expect.stringContaining,
      // expect.arrayContaining…), which vitest 4 types as `any`, inside expected objects. Untyped
      // replies are still caught by no-unsafe-member-access, -call, -argument and -return.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },

  // Import boundaries between the folders of src/ (docs/ARCHITECTURE.md).
  {
    // The domain stays pure: no database, HTTP, clock or filesystem imports; only itself and src/shared.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            reaching(except('domain', 'shared'), 'The domain imports only src/domain and src/shared.'),
            { group: ['kysely', 'fastify', 'pg', 'better-sqlite3', 'node:fs', 'node:http'], message: 'The domain stays pure.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The domain takes the clock as a parameter.' },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The domain takes the clock as a parameter.',
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [reaching(except('shared'), 'src/shared imports only src/shared (the web bundles it).')] },
      ],
    },
  },
  {
    // Enum and label files are bundled into the web as values: no TypeBox there (contracts hold the schemas).
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/contracts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            reaching(except('shared'), 'src/shared imports only src/shared (the web bundles it).'),
            { group: ['@sinclair/typebox', '@sinclair/typebox/*', '**/contracts/*'], message: 'Plain shared files stay free of TypeBox.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            reaching(
              ['services', 'http', 'db', 'notify', 'jobs', 'documents'],
              'The core (clock, context, errors) sits below every adapter.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/documents/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [reaching(['services'], 'Documents render what they are given; they import no services.')] },
      ],
    },
  },
  {
    files: ['src/notify/**/*.ts', 'src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [reaching(['http'], 'Notify and jobs run outside requests; they import nothing from http.')] },
      ],
    },
  },
  {
    // The web imports from the server only src/shared, and the contracts (TypeBox) only as types, so the
    // bundle stays free of TypeBox and of server code.
    files: ['web/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+src/(?!shared/)', message: 'The web imports from the server only src/shared.' },
            {
              regex: '^(\\.\\./)+src/shared/contracts/',
              allowTypeImports: true,
              message: 'Wire types come from src/shared/contracts with `import type` only.',
            },
            {
              group: ['@sinclair/typebox', '@sinclair/typebox/*'],
              allowTypeImports: true,
              message: 'The web bundle stays free of TypeBox.',
            },
          ],
        },
      ],
    },
  },
);
