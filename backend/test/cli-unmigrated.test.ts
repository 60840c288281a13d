import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOverseerr, FakePlexServer } from './fakes';
import { createTestDatabase, type TestDatabase } from './support/database';
import { TEST_REDIS_URL } from './support/env';
import { TEST_SECRETS } from './support/test-app';

// The deployment guide runs the operator checks before the first start, when PostgreSQL
// exists but MediaNest's tables do not. They must answer plainly there (never with a raw
// Prisma error) and must not migrate behind the operator's back.
const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [table]);
    return rows[0]?.t != null;
  } finally {
    await client.end();
  }
}

describe('operator CLI on a database that is not migrated yet', () => {
  let db: TestDatabase;
  let plex: FakePlexServer;
  let overseerr: FakeOverseerr;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the tests`);
    db = await createTestDatabase();
    plex = FakePlexServer.withSampleLibrary({ movies: 2, shows: 1, seasonsPerShow: 1, episodesPerSeason: 1, collections: 0 });
    overseerr = new FakeOverseerr({ apiKey: 'overseerr-key-1234567890' });
    env = {
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mn-cli-unmigrated-')),
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      PLEX_SERVER_URL: await plex.start(),
      PLEX_TOKEN: plex.token,
      OVERSEERR_URL: await overseerr.start(),
      OVERSEERR_API_KEY: 'overseerr-key-1234567890',
      ...TEST_SECRETS,
    };
  });
  afterAll(async () => {
    await plex?.stop();
    await overseerr?.stop();
    await db?.drop();
  });

  it('check database: connected, and says that migrations are pending', async () => {
    const result = await runCli(['check', 'database'], env);
    expect(result.out).toMatch(/^Database: Connected \(PostgreSQL, not migrated yet: \d+ migration\(s\) pending; start the backend or run `node dist\/cli\.js migrate`\)$/m);
    expect(result.code).toBe(0);
  });

  it('check plex and check overseerr work from the environment alone', async () => {
    for (const [target, label] of [['plex', 'Plex'], ['overseerr', 'Overseerr']] as const) {
      const result = await runCli(['check', target], env);
      expect(result.out).toMatch(new RegExp(`^${label}: Connected`, 'm'));
      expect(result.out).not.toMatch(/prisma|invocation|does not exist/i);
      expect(result.code).toBe(0);
    }
  });

  it('an unconfigured upstream is a one-line error, not a database error', async () => {
    const { PLEX_SERVER_URL: _url, PLEX_TOKEN: _token, ...withoutPlex } = env;
    const result = await runCli(['check', 'plex'], withoutPlex);
    expect(result.out.trim()).toBe('Plex: Error - not configured (PLEX_SERVER_URL and PLEX_TOKEN, or Admin → Settings)');
    expect(result.code).toBe(1);
  });

  it('reads blank variables and empty secret files as unset, like the image entrypoint (docker-compose exec bypasses it)', async () => {
    const empty = path.join(env.DATA_DIR!, 'empty-secret');
    fs.writeFileSync(empty, '');
    const blank = { ...env, PLEX_TV_URL: '', SERVICE_CHECK_INTERVAL_SECONDS: '', ENCRYPTION_KEY_PREVIOUS_FILE: empty, OVERSEERR_WEBHOOK_SECRET_FILE: path.join(env.DATA_DIR!, 'missing') };
    const result = await runCli(['check', 'database'], blank);
    expect(result.out).not.toContain('config error');
    expect(result.out).toMatch(/^Database: Connected/m);
    expect(result.code).toBe(0);
  });

  it('never migrates the database itself', async () => {
    for (const target of ['database', 'redis', 'plex', 'overseerr']) await runCli(['check', target], env);
    expect(await tableExists(db.url, 'users')).toBe(false);
    expect(await tableExists(db.url, '_prisma_migrations')).toBe(false);
  });

  it('migrate applies every migration (PL/pgSQL triggers included) once, then has nothing to apply', async () => {
    const first = await runCli(['migrate'], env);
    expect(first.out).toMatch(/^Database: migrated \(\d+ applied: /m);
    expect(first.code).toBe(0);
    expect(await tableExists(db.url, 'media_request_counts')).toBe(true);
    const again = await runCli(['migrate'], env);
    expect(again.out.trim()).toBe('Database: up to date (nothing to apply)');
    const check = await runCli(['check', 'database'], env);
    expect(check.out).toMatch(/^Database: Connected \(PostgreSQL, schema up to date\)$/m);
  });
});
