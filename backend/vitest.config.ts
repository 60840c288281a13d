import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tier (real PostgreSQL and Redis); the unit tier is vitest.unit.config.ts.
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default'],
  },
});
