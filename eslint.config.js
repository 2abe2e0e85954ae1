import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'tmp/', 'docs/', 'migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' },
        { selector: "CallExpression[callee.property.name='skip']", message: 'No skipped tests.' },
      ],
    },
  },
  {
    // model.ts holds the pure rules: no database, no framework, no clock, no environment.
    files: ['src/**/model.ts', 'src/assemblies/calendar.ts', 'src/assemblies/attendance.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['drizzle-orm*', 'fastify*', 'pg', '@electric-sql/*', 'node:*', '**/store.ts', '**/service.ts', 'preact*'] }],
      'no-restricted-globals': ['error', 'process'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now' }],
    },
  },
);
