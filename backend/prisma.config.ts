// Prisma CLI configuration: the WebAssembly schema engine with a driver adapter,
// so `prisma migrate deploy|status|diff` run without downloading native engines.
// DATABASE_URL (or DATABASE_URL_FILE) selects PostgreSQL; without it the
// embedded PGlite database under DATA_DIR (default ./data) is used, as the
// server does.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defineConfig } from 'prisma/config';
import { NameTypeSafePool } from './src/db/pg-pool';

function databaseUrl(): string | undefined {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const file = process.env.DATABASE_URL_FILE;
  return file ? fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '') : undefined;
}

// schema.prisma's `url = env("DATABASE_URL")` is validated before the adapter is asked for,
// so with only DATABASE_URL_FILE (Docker secrets: `docker-compose exec backend npx prisma
// migrate deploy`) the CLI would stop at "Environment variable not found". Set it for this
// CLI process only; the server never reads this file.
if (!process.env.DATABASE_URL && process.env.DATABASE_URL_FILE) process.env.DATABASE_URL = databaseUrl();

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  async adapter() {
    const url = databaseUrl();
    if (url) {
      return new PrismaPg(new NameTypeSafePool({ connectionString: url }));
    }
    const dir = path.resolve(process.env.DATA_DIR ?? './data', 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    return new PrismaPGlite(new PGlite(dir, { extensions: { pg_trgm } }));
  },
});
