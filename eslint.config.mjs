// Lint rules for the whole workspace: the architecture made enforceable.
// - Nx module boundaries: libs never import apps, apps never import each other, services share only
//   libraries, and libraries use only the layers below their own.
// - Inside a service, dependencies point inward: domain/ imports only itself and the contracts and
//   event-store types; application/ never imports adapters/.
// - Kafka is imported only in libs/messaging.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Libraries by layer, each using only those below it: foundation (contracts, logging, loops, breakers)
// <- storage (event store) <- infrastructure (messaging and the work queue, independent of each other)
// <- engine (saga) <- runtime (NestJS service wiring). Test support (layer:test) may use every layer.
const layers = ['layer:foundation', 'layer:storage', 'layer:infrastructure', 'layer:engine', 'layer:runtime'];
const layerConstraints = (alsoAllowed) =>
  layers.map((layer, i) => ({
    sourceTag: layer,
    // The foundation libraries may use each other; every other layer only what lies below it.
    onlyDependOnLibsWithTags: [...(i === 0 ? [layer] : layers.slice(0, i)), ...alsoAllowed],
  }));

const boundaries = (alsoAllowed) => [
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
      ...layerConstraints(alsoAllowed),
      { sourceTag: 'scope:inventory', onlyDependOnLibsWithTags: ['scope:shared', 'scope:inventory'] },
      { sourceTag: 'scope:payment', onlyDependOnLibsWithTags: ['scope:shared', 'scope:payment'] },
      { sourceTag: 'scope:shipping', onlyDependOnLibsWithTags: ['scope:shared', 'scope:shipping'] },
      { sourceTag: 'scope:order', onlyDependOnLibsWithTags: ['scope:shared', 'scope:order'] },
      { sourceTag: 'scope:query', onlyDependOnLibsWithTags: ['scope:shared', 'scope:query'] },
      { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway'] },
      { sourceTag: 'scope:fakes', onlyDependOnLibsWithTags: ['scope:shared', 'scope:fakes'] },
    ],
  },
];

const kafkaOnlyInMessaging = { name: 'kafkajs', message: 'Kafka lives in libs/messaging.' };
const domainImports = (alsoAllowed) => ({
  patterns: [
    {
      // Anything but a sibling in domain/ ('./x') or one of the allowed libraries.
      regex: `^(?!\\./|(${['@eventshop/contracts', '@eventshop/event-store', ...alsoAllowed].join('|')})$)`,
      message: 'domain/ is pure: it imports only itself and the contracts and event-store types (no framework, no I/O, no application or adapters).',
    },
  ],
});

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.cache', 'tmp'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [kafkaOnlyInMessaging] }],
    },
  },
  {
    // Tests may use the test-support libraries from any layer.
    files: ['**/*.spec.ts', '**/test-support/**'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['layer:test']),
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['libs/messaging/**', 'libs/testing/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['apps/*/src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', domainImports([])] },
  },
  {
    files: ['apps/*/src/domain/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', domainImports(['@eventshop/testing'])] },
  },
  {
    files: ['apps/*/src/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [kafkaOnlyInMessaging],
          patterns: [
            { group: ['**/adapters', '**/adapters/**'], message: 'application/ declares ports; adapters/ implement them — never the other way round.' },
          ],
        },
      ],
    },
  },
  // Formatting is Prettier's (npm run format); no lint rule argues with it.
  prettier,
];
