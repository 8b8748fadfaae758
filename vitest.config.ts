import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'temporal-dev-server/test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-zod.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most files wait on servers, timers and Chromium rather than on CPU: three at a time on two
    // cores keeps the whole suite well inside CI's budget.
    maxWorkers: 3,
    env: { TZ: 'UTC' },
  },
});
