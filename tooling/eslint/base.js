/**
 * The shared eslint flat config (create-t3-turbo's tooling/eslint): typescript-eslint with type
 * information, plus the repo's architecture rules (issue 19 finding 5):
 * - no import cycles (import-x/no-cycle);
 * - type-only imports written as such;
 * - no process.env outside env.ts files (each package parses its env once, with zod);
 * - no floating promises, no explicit any.
 * Formatting is prettier's job (tooling/prettier), so no stylistic rules here.
 */
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Generated, built or vendored files nobody edits by hand. */
export const ignores = {
  ignores: [
    '**/node_modules/**',
    '**/.next/**',
    '**/dist/**',
    '**/generated/**',
    '**/*.generated.ts',
    '**/*.d.ts',
    '**/.turbo/**',
    'test/redis-suite/vendor/**',
    'bench/results/**',
    'e2e/.results/**',
    '**/playwright-report/**',
    '**/test-results/**',
  ],
};

export default tseslint.config(
  ignores,
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      // Imports name their .ts files, and workspace packages export src/*.ts: node resolution finds both.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    languageOptions: {
      // Files outside every tsconfig (root config files) get a default project.
      parserOptions: { projectService: { allowDefaultProject: ['prisma.config.ts'] } },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // TypeScript checks these better (and undefined globals across Node, browser and tests).
      'no-undef': 'off',
      'no-redeclare': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'read the environment only in an env.ts file (parsed once, with zod), and pass the settings down',
        },
      ],
    },
  },
  {
    // The one place each package reads its environment. Tests, benchmarks, the e2e and
    // Redis-suite harnesses and root config files are not the product: they hand the runner's
    // environment on to the processes they start, and may read it.
    files: [
      '**/env.ts',
      '**/*.test.ts',
      '**/test/**',
      '**/testing/**',
      '**/test-support/**',
      'bench/**',
      'e2e/**',
      'scripts/**',
      '*.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
