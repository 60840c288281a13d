import { Redis } from 'ioredis';
import { ConfigError, loadConfig, type Config } from './config/env';
import { openDatabase, type Database } from './db/database';
import { Metrics } from './http/metrics';
import { PlexClient } from './integrations/plex/plex.client';
import { OverseerrClient } from './integrations/overseerr/overseerr.client';
import { createLogger } from './logging/logger';
import { SettingsService } from './modules/settings/settings.service';
import { Encryptor } from './security/encryption';

/**
 * Operator checks, run inside the backend container:
 *   node dist/cli.js check plex|overseerr|database|redis
 * Prints `<Service>: Connected (...)` or `<Service>: Error - <reason>` and
 * exits 0 or 1. Reads the same configuration as the server.
 */
type Check = (config: Config) => Promise<string>;

const logger = createLogger({ level: 'error', json: false, silent: true });

async function withDatabase<T>(config: Config, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, migrate: false, poolMax: 1 });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function settingsOf(config: Config) {
  return withDatabase(config, (db) => new SettingsService(db.prisma, config, new Encryptor(config.encryptionKey, config.encryptionKeyPrevious), logger).get());
}

const checks: Record<string, [string, Check]> = {
  database: [
    'Database',
    (config) =>
      withDatabase(config, async (db) => {
        if (!(await db.ping(5000))) throw new Error('no answer within 5 s');
        return db.kind === 'pglite' ? 'embedded PGlite' : 'PostgreSQL';
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
      const { plex } = await settingsOf(config);
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
      withDatabase(config, async (db) => {
        const settings = new SettingsService(db.prisma, config, new Encryptor(config.encryptionKey, config.encryptionKeyPrevious), logger);
        const client = new OverseerrClient({ settings, metrics: new Metrics(false), logger });
        if (!(await client.isConfigured())) throw new Error('not configured (OVERSEERR_URL and OVERSEERR_API_KEY, or Admin → Settings)');
        const status = await client.status();
        await client.listUsers(1, 0);
        return `version ${status.version}, API key accepted`;
      }),
  ],
};

async function main(argv: string[]): Promise<number> {
  const [command, target] = argv;
  const check = target ? checks[target] : undefined;
  if (command !== 'check' || !check) {
    console.error(`usage: node dist/cli.js check ${Object.keys(checks).join('|')}`);
    return 2;
  }
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
    console.log(`${label}: Error - ${err instanceof Error ? err.message : String(err)}`);
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
