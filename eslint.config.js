// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream',
  'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'dist/**', 'db/migrations/**', '**/*.mjs', '**/*.js', 'temporal-dev-server/ui/.svelte-kit*/**', 'temporal-dev-server/ui/build*/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests read loosely typed JSON responses.
    files: ['test/**/*.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O, no
    // wall clock or randomness outside the SDK's replay-safe versions.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          ...nodeBuiltins.flatMap((name) => [
            { name, message: 'Workflows are deterministic: no Node built-ins.' },
            { name: `node:${name}`, message: 'Workflows are deterministic: no Node built-ins.' },
          ]),
          { name: '@temporalio/activity', message: 'Activities are imported as types only.' },
          { name: '@temporalio/client', message: 'Workflows talk to Temporal through @temporalio/workflow.' },
          { name: '@temporalio/worker', message: 'Workflows must not import the worker.' },
          { name: 'uuid', message: 'Use uuid4() from @temporalio/workflow.' },
          { name: 'postgres', message: 'No I/O in workflows: call an activity.' },
          { name: 'drizzle-orm', message: 'No I/O in workflows: call an activity.' },
          { name: 'pino', message: 'Use log from @temporalio/workflow.' },
        ],
        patterns: [
          { group: ['**/activities/*', '!**/activities/*.types*'], allowTypeImports: true, message: 'Import activities as types only (proxyActivities<typeof …>).' },
          { group: ['**/db/**', '**/api/**', '**/adapters/**'], message: 'No I/O in workflows.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop.' },
        { name: 'process', message: 'Workflows must not read the process.' },
        { name: 'fetch', message: 'No I/O in workflows: call an activity.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Math.random is replay-safe in the sandbox, but use uuid4()/explicit inputs to keep intent clear.' },
      ],
    },
  },
);
