import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Applies pending Prisma migrations in-process, bookkeeping in Prisma's own
 * `_prisma_migrations` table (same columns, sha256 checksums), so
 * `prisma migrate status|deploy` agree with what the server applied.
 *
 * Why not spawn `prisma migrate deploy`: the CLI takes ~10 s to start here
 * (the cold-start target is 2 s), and the embedded PGlite allows one process
 * per data directory, so the server must migrate through its own connection.
 */
export interface SqlExecutor {
  /**
   * `name` makes it a prepared statement on PostgreSQL: parsed once per connection and, after a
   * few runs, planned once (a hot read's own parse and plan cost more than its execution).
   * Use it only for a fixed text whose plan does not depend on the parameters' values.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: { name?: string }): Promise<T[]>;
  /** Runs a multi-statement script atomically. */
  runScript(sql: string): Promise<void>;
  /** Serializes concurrent migrators (several instances starting at once). */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'prisma', 'migrations');

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

/** Returns the names of the migrations it applied. */
export async function applyMigrations(db: SqlExecutor, migrations = readMigrations()): Promise<string[]> {
  return db.withLock(async () => {
    await db.query(CREATE_TABLE);
    const rows = await db.query<Row>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const done = new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new Error(
        `migration ${failed.migration_name} failed earlier; resolve it (prisma migrate resolve) or restore the last backup before starting`,
      );
    }
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      const id = crypto.randomUUID();
      // The migration and its bookkeeping row commit together or not at all.
      await db.runScript(
        `${m.sql}\n;INSERT INTO "_prisma_migrations" ("id","checksum","migration_name","started_at","finished_at","applied_steps_count") ` +
          `VALUES ('${id}','${m.checksum}','${m.name.replace(/'/g, "''")}',now(),now(),1);`,
      );
      applied.push(m.name);
    }
    return applied;
  });
}

export async function pendingMigrations(db: SqlExecutor, migrations = readMigrations()): Promise<string[]> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  if (!exists[0]?.t) return migrations.map((m) => m.name);
  const rows = await db.query<Row>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
  const done = new Set(rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name));
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}
