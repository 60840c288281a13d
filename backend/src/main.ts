import path from 'node:path';
import { createApp } from './app';
import { adminExists, ensureBootstrapAdmin } from './bootstrap';
import { bootstrapPasswordProblem, ConfigError, loadConfig } from './config/env';
import { connectRedis, createContainer } from './container';
import { openDatabase } from './db/database';
import { createLogger } from './logging/logger';
import { UserRepository } from './modules/auth/user.repository';
import { startServer } from './server';

const WEB_ROOT = path.resolve(__dirname, '..', '..', 'frontend', 'dist');

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const problem of err.problems) console.error(`config error: ${problem}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, json: config.isProduction, logDir: config.logDir, secrets: config.secrets });
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  logger.info('database ready', { kind: db.kind });

  const users = new UserRepository(db.prisma);
  if (!(await adminExists(users))) {
    const problem = bootstrapPasswordProblem(config);
    if (problem) {
      console.error(`config error: ${problem}`);
      await db.close();
      process.exit(1);
    }
  }
  await ensureBootstrapAdmin(users, config, logger);

  const redis = config.redisUrl ? connectRedis(config.redisUrl, logger) : undefined;
  const container = createContainer({ config, logger, db, redis });
  const app = createApp(container, { webRoot: WEB_ROOT });
  const running = await startServer(container, app, config.port, config.host);
  logger.info('MediaNest listening', { port: running.port, env: config.nodeEnv, database: db.kind, redis: redis ? 'redis' : 'in-process' });

  const stop = (signal: string) => {
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.warn('shutdown took too long; exiting');
      process.exit(0);
    }, 10_000);
    force.unref();
    void running.shutdown(10_000).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error('error during shutdown', { err });
        process.exit(0);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('fatal: could not start MediaNest:', err instanceof Error ? err.message : err);
  process.exit(1);
});
