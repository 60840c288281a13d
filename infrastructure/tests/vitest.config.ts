import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Infrastructure tests: compose/Dockerfile static checks, scripts, backup round trip and the
// production topology (real nginx + built backend + web app). They start processes and use
// the shared PostgreSQL/Redis, so files run one at a time.
export default defineConfig({
  test: {
    root: path.dirname(fileURLToPath(import.meta.url)),
    include: ['*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
