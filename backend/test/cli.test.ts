import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database';
import { FakeOverseerr, FakePlexServer } from './fakes';
import { createTestDatabase, type TestDatabase } from './support/database';
import { TEST_REDIS_URL } from './support/env';
import { TEST_SECRETS } from './support/test-app';

const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

describe('operator CLI: node dist/cli.js check ...', () => {
  let db: TestDatabase;
  let plex: FakePlexServer;
  let overseerr: FakeOverseerr;
  let env: Record<string, string>;

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the tests`);
    db = await createTestDatabase();
    // A deployed database is migrated by the server; the CLI never migrates.
    await (await openDatabase({ databaseUrl: db.url, dataDir: os.tmpdir() })).close();
    plex = FakePlexServer.withSampleLibrary({ movies: 5, shows: 1, seasonsPerShow: 1, episodesPerSeason: 1, collections: 1 });
    overseerr = new FakeOverseerr({ apiKey: 'overseerr-key-1234567890' });
    env = {
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mn-cli-')),
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

  it('reports each reachable service as Connected', async () => {
    for (const [target, label] of [['database', 'Database'], ['redis', 'Redis'], ['plex', 'Plex'], ['overseerr', 'Overseerr']] as const) {
      const result = await runCli(['check', target], env);
      expect(result.out).toMatch(new RegExp(`^${label}: Connected`, 'm'));
      expect(result.code).toBe(0);
    }
  });

  it('reports a failing service as an error with the reason, and exits 1', async () => {
    await plex.setMode('down');
    const down = await runCli(['check', 'plex'], env);
    await plex.setMode('up');
    expect(down.out).toMatch(/^Plex: Error - /m);
    expect(down.code).toBe(1);
    const badKey = await runCli(['check', 'overseerr'], { ...env, OVERSEERR_API_KEY: 'wrong-key' });
    expect(badKey.out).toMatch(/^Overseerr: Error - /m);
    expect(badKey.code).toBe(1);
    const noRedis = await runCli(['check', 'redis'], { ...env, REDIS_URL: 'redis://127.0.0.1:1' });
    expect(noRedis.out).toMatch(/^Redis: Error - /m);
  });

  it('prints usage for an unknown check', async () => {
    const result = await runCli(['check', 'nothing'], env);
    expect(result.code).toBe(2);
    expect(result.out).toContain('usage: node dist/cli.js check');
  });

  it('never prints the secrets it uses', async () => {
    const result = await runCli(['check', 'plex'], env);
    expect(result.out).not.toContain(plex.token);
  });
});
