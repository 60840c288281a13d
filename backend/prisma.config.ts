// Prisma CLI configuration: the WebAssembly schema engine with a driver adapter,
// so `prisma migrate deploy|status|diff` run without downloading native engines.
// DATABASE_URL (or DATABASE_URL_FILE) selects PostgreSQL; without it the
// embedded PGlite database under DATA_DIR (default ./data) is used, as the
// server does.
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';

function databaseUrl(): string | undefined {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const file = process.env.DATABASE_URL_FILE;
  return file ? fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '') : undefined;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  async adapter() {
    const url = databaseUrl();
    if (url) {
      const { PrismaPg } = await import('@prisma/adapter-pg');
      const { NameTypeSafePool } = await import('./src/db/pg-pool');
      return new PrismaPg(new NameTypeSafePool({ connectionString: url }));
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    const dir = path.resolve(process.env.DATA_DIR ?? './data', 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    return new PrismaPGlite(new PGlite(dir));
  },
});
