// Lint rules for the whole workspace. The module-boundary rule is the architecture made enforceable:
// libs never import apps, apps never import each other, and services share only libs/contracts.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.cache', 'tmp'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:inventory',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:inventory'],
            },
            { sourceTag: 'scope:payment', onlyDependOnLibsWithTags: ['scope:shared', 'scope:payment'] },
            { sourceTag: 'scope:shipping', onlyDependOnLibsWithTags: ['scope:shared', 'scope:shipping'] },
            { sourceTag: 'scope:order', onlyDependOnLibsWithTags: ['scope:shared', 'scope:order'] },
            { sourceTag: 'scope:query', onlyDependOnLibsWithTags: ['scope:shared', 'scope:query'] },
            { sourceTag: 'scope:fakes', onlyDependOnLibsWithTags: ['scope:shared', 'scope:fakes'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test-support/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Kafka is imported only in libs/messaging (and the testing lib that provisions brokers).
    files: ['**/*.ts'],
    ignores: ['libs/messaging/**', 'libs/testing/**', 'bench/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'kafkajs', message: 'Kafka lives in libs/messaging.' }] }],
    },
  },
  // Formatting is Prettier's (npm run format); no lint rule argues with it.
  prettier,
];
