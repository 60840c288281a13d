import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from './app';
import { loadConfig } from './config/env';
import { createContainer, VERSION } from './container';
import { openDatabase } from './db/database';
import { createLogger } from './logging/logger';

/**
 * Prints the OpenAPI document the server serves at /api/docs/openapi.json,
 * without a database or network: the routes are declared, never called.
 * The web app generates its API types from it (`npm run api:generate -w frontend`).
 *   node dist/openapi.js > openapi.json
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-openapi-'));
  try {
    // A database URL nothing listens on: opening it without migrating makes no connection.
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: 'postgresql://openapi@127.0.0.1:9/openapi' });
    const logger = createLogger({ level: 'error', json: false, silent: true });
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir, logger, migrate: false, poolMax: 1 });
    const container = createContainer({ config, logger, db });
    createApp(container);
    const doc = container.api.openApi({ title: 'MediaNest', version: VERSION });
    await db.close();
    return doc;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  buildOpenApiDocument().then(
    (doc) => {
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(`openapi: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
