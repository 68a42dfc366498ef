import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SUBGRAPHS = ['tenant', 'orders', 'payments', 'crypto', 'analytics', 'ai'];

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', '**/__generated__/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // A subgraph reaches another only through federation or events, never through its code.
  ...SUBGRAPHS.map((name) => ({
    files: [`subgraphs/${name}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: SUBGRAPHS.filter((other) => other !== name).map((other) => ({
            group: [`**/subgraphs/${other}/**`, `../${other}/**`],
            message: `The ${name} subgraph must not import the ${other} subgraph's code.`,
          })),
        },
      ],
    },
  })),
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
