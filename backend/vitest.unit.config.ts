import { defineConfig } from 'vitest/config';

/**
 * The fast tier: pure logic beside its source (`src/**\/*.test.ts`), no
 * PostgreSQL, no Redis, no network. `npm test` runs it first, in seconds.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
    testTimeout: 10_000,
    reporters: ['default'],
  },
});
