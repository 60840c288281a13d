import fs from 'node:fs';
import { Redis } from 'ioredis';
import { ConfigError, loadConfig, type Config } from './config/env';
import { openDatabase, type Database } from './db/database';
import { applyMigrations, pendingMigrations } from './db/migrate';
import { Metrics } from './common/metrics';
import { PlexClient } from './integrations/plex/plex.client';
import { OverseerrClient } from './integrations/overseerr/overseerr.client';
import { createLogger } from './logging/logger';
import { SettingsRepository } from './modules/settings/settings.repository';
import { SettingsService } from './modules/settings/settings.service';
import { Encryptor } from './security/encryption';

/**
 * Operator checks, run inside the backend container:
 *   node dist/cli.js check plex|overseerr|database|redis
 * Prints `<Service>: Connected (...)` or `<Service>: Error - <reason>` and
 * exits 0 or 1. Reads the same configuration as the server.
 *
 * Works before the first start too: the CLI never migrates (that is the server's or
 * `prisma migrate deploy`'s job), so on a database without MediaNest's tables it says so
 * instead of failing on a missing table, and the Plex/Overseerr checks use the environment's
 * settings only (no admin can have stored any in a database that has no tables yet).
 */
type Check = (config: Config) => Promise<string>;

const logger = createLogger({ level: 'error', json: false, silent: true });

async function withDatabase<T>(config: Config, fn: (db: Database, pending: string[]) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, migrate: false, poolMax: 1 });
  try {
    return await fn(db, await pendingMigrations(db.sql));
  } finally {
    await db.close();
  }
}

// Stands in for the settings table while it does not exist yet: nothing stored (and the CLI never writes).
const noStoredSettings = {
  all: () => Promise.resolve([]),
  transaction: () => Promise.reject(new Error('the database is not migrated')),
};

function settingsServiceOf(config: Config, db: Database, pending: string[]) {
  const repo = pending.length > 0 ? noStoredSettings : new SettingsRepository(db.prisma);
  return new SettingsService({ repo, config, encryptor: new Encryptor(config.encryptionKey, config.encryptionKeyPrevious), logger });
}

const notMigrated = (pending: string[]) =>
  `not migrated yet: ${pending.length} migration(s) pending; start the backend or run \`node dist/cli.js migrate\``;

const checks: Record<string, [string, Check]> = {
  database: [
    'Database',
    (config) =>
      withDatabase(config, async (db, pending) => {
        if (!(await db.ping(5000))) throw new Error('no answer within 5 s');
        const kind = db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL';
        return pending.length > 0 ? `${kind}, ${notMigrated(pending)}` : `${kind}, schema up to date`;
      }),
  ],
  redis: [
    'Redis',
    async (config) => {
      if (!config.redisUrl) return 'not configured: in-process stores are used';
      const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000, retryStrategy: () => null });
      try {
        await redis.connect();
        await redis.ping();
        return 'PONG';
      } finally {
        redis.disconnect();
      }
    },
  ],
  plex: [
    'Plex',
    async (config) => {
      const { plex } = await withDatabase(config, (db, pending) => settingsServiceOf(config, db, pending).get());
      if (!plex.serverUrl || !plex.token) throw new Error('not configured (PLEX_SERVER_URL and PLEX_TOKEN, or Admin → Settings)');
      const client = new PlexClient({ baseUrl: plex.serverUrl, token: plex.token, clientIdentifier: config.plexClientId ?? 'medianest-cli', metrics: new Metrics(false), logger });
      const identity = await client.identity();
      const sections = await client.sections();
      return `server ${identity.machineIdentifier}, version ${identity.version}, ${sections.length} libraries`;
    },
  ],
  overseerr: [
    'Overseerr',
    async (config) =>
      withDatabase(config, async (db, pending) => {
        const settings = settingsServiceOf(config, db, pending);
        const client = new OverseerrClient({ settings, metrics: new Metrics(false), logger });
        if (!(await client.isConfigured())) throw new Error('not configured (OVERSEERR_URL and OVERSEERR_API_KEY, or Admin → Settings)');
        const status = await client.status();
        await client.listUsers(1, 0);
        return `version ${status.version}, API key accepted`;
      }),
  ],
};

/** One line for the operator: Prisma's errors span several lines and quote the call. */
function plainReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  const meaningful = lines.filter((l) => !/invocation:?$|^→|^\d+\s/.test(l));
  return (meaningful.at(-1) ?? lines.at(-1) ?? 'unknown error').slice(0, 300);
}

/**
 * `docker-compose exec backend node dist/cli.js ...` bypasses the image's entrypoint, which
 * treats blank variables and empty or missing *_FILE secrets as unset (compose passes every
 * documented variable, blank when .env leaves it empty). Apply the same rule here, so the
 * CLI reads the configuration the server runs with.
 */
function dropBlankSettings(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === '') delete env[name];
    else if (/^[A-Z][A-Z0-9_]*_FILE$/.test(name) && value && !(fs.statSync(value, { throwIfNoEntry: false })?.size ?? 0)) delete env[name];
  }
}

/**
 * `node dist/cli.js migrate`: applies pending migrations with the server's own migrator (one
 * transaction per migration, Prisma's bookkeeping table, an advisory lock). `prisma migrate
 * deploy` cannot apply the migrations that define PL/pgSQL trigger functions through the driver
 * adapter (it splits them at every semicolon), so the guide uses this.
 */
async function migrate(): Promise<number> {
  dropBlankSettings(process.env);
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) for (const p of err.problems) console.error(`config error: ${p}`);
    return 1;
  }
  try {
    // The migrator holds its advisory lock on one connection and applies on another.
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, migrate: false, poolMax: 3 });
    let applied: string[];
    try {
      applied = await applyMigrations(db.sql);
    } finally {
      await db.close();
    }
    console.log(applied.length ? `Database: migrated (${applied.length} applied: ${applied.join(', ')})` : 'Database: up to date (nothing to apply)');
    return 0;
  } catch (err) {
    console.log(`Database: Error - ${plainReason(err)}`);
    return 1;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, target] = argv;
  if (command === 'migrate' && target === undefined) return migrate();
  const check = target ? checks[target] : undefined;
  if (command !== 'check' || !check) {
    console.error(`usage: node dist/cli.js check ${Object.keys(checks).join('|')} | node dist/cli.js migrate`);
    return 2;
  }
  dropBlankSettings(process.env);
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) for (const p of err.problems) console.error(`config error: ${p}`);
    return 1;
  }
  const [label, run] = check;
  try {
    console.log(`${label}: Connected (${await run(config)})`);
    return 0;
  } catch (err) {
    console.log(`${label}: Error - ${plainReason(err)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
