import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import type { Logger } from '../logging/logger';
import { applyMigrations, type SqlExecutor } from './migrate';
import { releaseDeadClients } from './pool-recovery';

export type DatabaseKind = 'postgres' | 'pglite';

/** The database handle the app is built on: Prisma plus the few raw needs. */
export interface Database {
  kind: DatabaseKind;
  prisma: PrismaClient;
  sql: SqlExecutor;
  /**
   * Calls `listener` after every write through `prisma` that may change a
   * user or a session (and after any raw statement), inside transactions too,
   * before the writer's await returns. The in-process session cache drops its
   * entries on it. Writes through `sql` are not seen.
   */
  onIdentityWrite?(listener: () => void): void;
  /** True when a trivial query answers within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  logger?: Logger;
  migrate?: boolean;
  /** Pool size for PostgreSQL. */
  poolMax?: number;
}

const MIGRATION_LOCK_ID = 4_842_117_001;

/** Models whose rows the per-request session check reads. */
const IDENTITY_MODELS = new Set(['User', 'Session']);
const WRITES = new Set(['update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);
const RAW_WRITES = new Set(['$executeRaw', '$executeRawUnsafe']);

/**
 * The client with a hook after every identity write (see Database.onIdentityWrite).
 * The listeners run in `finally`: a write that failed half-way in a transaction is
 * reported too (an extra invalidation costs one lookup; a missed one would not be safe).
 */
function withIdentityHook(base: PrismaClient, listeners: Set<() => void>): PrismaClient {
  const notify = () => {
    for (const l of listeners) l();
  };
  return base.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const identity = model === undefined ? RAW_WRITES.has(operation) : IDENTITY_MODELS.has(model) && WRITES.has(operation);
        if (!identity) return query(args);
        try {
          return await query(args);
        } finally {
          notify();
        }
      },
    },
  }) as unknown as PrismaClient;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? 10,
    // Fail fast while the database is away instead of queueing requests forever.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    query_timeout: 15_000,
  });
  pool.on('error', (err) => options.logger?.warn('database connection lost', { reason: err.message }));
  releaseDeadClients(pool);
  const sql: SqlExecutor = {
    async query<T>(text: string, params: unknown[] = [], options: { name?: string } = {}) {
      const res = options.name ? await pool.query({ name: options.name, text, values: params }) : await pool.query(text, params);
      return res.rows as T[];
    },
    async runScript(script) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(script);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async withLock(fn) {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
        client.release();
      }
    },
  };
  if (options.migrate !== false) await applyMigrations(sql);
  const identityListeners = new Set<() => void>();
  const prisma = withIdentityHook(new PrismaClient({ adapter: new PrismaPg(pool) }), identityListeners);
  return {
    kind: 'postgres',
    prisma,
    sql,
    onIdentityWrite: (listener) => void identityListeners.add(listener),
    async ping(timeoutMs = 2000) {
      try {
        await withTimeout(pool.query('SELECT 1'), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      // Bounded: a connection stuck on a dead server must not keep the process from exiting.
      await withTimeout(prisma.$disconnect(), 2000).catch(() => undefined);
      await withTimeout(pool.end(), 3000).catch(() => undefined);
    },
  };
}

async function openPglite(dataDir: string, options: OpenDatabaseOptions): Promise<Database> {
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  // pg_trgm: the trigram indexes that keep user search off sequential scans (its migration creates the extension).
  const client = new PGlite(dir, { extensions: { pg_trgm } });
  await client.waitReady;
  const sql: SqlExecutor = {
    async query<T>(text: string, params: unknown[] = []) {
      const res = await client.query(text, params);
      return res.rows as T[];
    },
    async runScript(script) {
      await client.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    // One process owns a PGlite directory, so there is nobody to race with.
    withLock: (fn) => fn(),
  };
  if (options.migrate !== false) await applyMigrations(sql);
  const identityListeners = new Set<() => void>();
  const prisma = withIdentityHook(new PrismaClient({ adapter: new PrismaPGlite(client) }), identityListeners);
  return {
    kind: 'pglite',
    prisma,
    sql,
    onIdentityWrite: (listener) => void identityListeners.add(listener),
    async ping(timeoutMs = 2000) {
      try {
        await withTimeout(client.query('SELECT 1'), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await prisma.$disconnect().catch(() => undefined);
      await client.close().catch(() => undefined);
    },
  };
}

/** PostgreSQL when a URL is given, else the embedded PGlite under DATA_DIR; pending migrations applied first. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPglite(options.dataDir, options);
}
