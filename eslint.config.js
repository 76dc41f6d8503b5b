// Lint: ESLint with typescript-eslint's type-aware rules (CONTRIBUTING.md, "Lint and format" says why).
// Layout is Prettier's job (.prettierrc.json); no rule here is about formatting.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['**/dist/', 'docs/api/', '**/node_modules/', 'tests/docs/.generated/', '.tsbuild/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      // One program over the whole tree: tsconfig.check.json holds every source, test, bench, example and
      // script. (The project service would look for each file's nearest tsconfig.json, and a package's
      // tsconfig.json holds only its src/.)
      parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // TypeScript reports unknown names itself (checkJs covers scripts/*.mjs).
      'no-undef': 'off',
      // `void p` is not a rejection handler: a promise either is awaited or ends in .catch / .then(_, onRejected).
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // Ported native signatures keep their parameter names; an unused one is spelled with a leading `_`.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
);
