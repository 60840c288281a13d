import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/server';
import { createTestDatabase, type TestDatabase } from './support/database';
import { TEST_REDIS_URL } from './support/env';
import { buildTestApp, TEST_SECRETS } from './support/test-app';

const MAIN = path.resolve(__dirname, '..', 'dist', 'main.js');

describe('graceful shutdown', () => {
  it('finishes an in-flight request before closing', async () => {
    const t = await buildTestApp({ listen: false });
    const app = express();
    app.get('/slow', (_req, res) => {
      setTimeout(() => res.json({ done: true }), 500);
    });
    const running = await startServer(t.container, app, 0, '127.0.0.1');
    try {
      const inFlight = fetch(`http://127.0.0.1:${running.port}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
      await new Promise((r) => setTimeout(r, 100));
      const shutdown = running.shutdown(10_000);
      const result = await inFlight;
      expect(result).toEqual({ status: 200, body: { done: true } });
      await shutdown;
      await expect(fetch(`http://127.0.0.1:${running.port}/slow`)).rejects.toThrow();
    } finally {
      await t.db.drop();
    }
  });
});

describe('the built server process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before the tests`);
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  function start(env: Record<string, string>) {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, output: () => output };
  }

  async function waitForHealth(port: number, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        return (await res.json()) as Record<string, unknown>;
      } catch {
        if (Date.now() > deadline) throw new Error('server did not come up');
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  const port = () => 20_000 + Math.floor(Math.random() * 20_000);

  it('starts on PostgreSQL and Redis, then exits 0 on SIGTERM within the grace period', async () => {
    const p = port();
    const proc = start({ NODE_ENV: 'production', PORT: String(p), HOST: '127.0.0.1', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, ADMIN_PASSWORD: 'a-strong-bootstrap-pw', ...TEST_SECRETS });
    const health = await waitForHealth(p);
    expect(health).toMatchObject({ status: 'ok', services: { database: 'healthy', redis: 'healthy' } });
    const started = Date.now();
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('starts on the embedded database with no DATABASE_URL and no REDIS_URL', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-embedded-'));
    const p = port();
    const proc = start({ PORT: String(p), HOST: '127.0.0.1', DATA_DIR: dataDir });
    try {
      const health = await waitForHealth(p, 60_000);
      expect(health).toMatchObject({ status: 'ok', services: { database: 'healthy', redis: 'healthy' } });
      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
    } finally {
      proc.child.kill('SIGINT');
      expect(await proc.exited).toBe(0);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses to start in production without its secrets, naming each one', async () => {
    const proc = start({ NODE_ENV: 'production', PORT: String(port()), DATABASE_URL: db.url });
    expect(await proc.exited).not.toBe(0);
    for (const name of ['JWT_SECRET', 'ENCRYPTION_KEY', 'METRICS_TOKEN']) expect(proc.output()).toContain(`${name}:`);
  });
});
