import fs from 'node:fs';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { runLoad, sleep, waitFor } from '../support/load';
import { startNginx } from '../support/nginx';
import { BACKEND_MAIN, ChildProcesses, waitForHttp, type Child } from '../support/processes';
import { freePort, RedisServer } from '../support/redis-server';
import { TEST_SECRETS } from '../support/test-app';

const ADMIN_PASSWORD = 'rolling-restart-admin-pw';
/** main.ts gives a shutdown 10 s; the bound is three times that. */
const SHUTDOWN_BOUND_MS = 30_000;

/**
 * A rolling restart behind nginx: two built backend processes (production
 * mode) on one database and one Redis; each in turn gets SIGTERM under steady
 * load and is started again. Clients must not notice.
 */
describe('rolling restart behind nginx', () => {
  const children = new ChildProcesses();
  const redis = new RedisServer();
  let db: TestDatabase;
  let nginx: ReturnType<typeof startNginx> | undefined;
  let base = '';
  const ports: number[] = [];
  const instances: Child[] = [];
  const sockets: Socket[] = [];

  const startInstance = (i: number) => {
    instances[i] = children.start(process.execPath, [BACKEND_MAIN], {
      NODE_ENV: 'production',
      PORT: String(ports[i]),
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_API_PER_MINUTE: '100000',
      ...TEST_SECRETS,
    });
    return waitForHttp(`http://127.0.0.1:${ports[i]}/api/health`, 30_000, instances[i]);
  };

  beforeAll(async () => {
    if (!fs.existsSync(BACKEND_MAIN)) throw new Error(`${BACKEND_MAIN} is missing: run \`npm run build\` before the tests`);
    db = await createTestDatabase();
    await redis.start();
    ports.push(await freePort(), await freePort());
    // The first one applies the migrations; the second one finds them done.
    await startInstance(0);
    await startInstance(1);
    const nginxPort = await freePort();
    nginx = startNginx(children, nginxPort, ports);
    base = `http://127.0.0.1:${nginxPort}`;
    await waitForHttp(`${base}/api/health`, 10_000, nginx.child);
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await children.killAll();
    await redis.stop();
    nginx?.cleanup();
    await db?.drop();
  });

  it('fails no client request and keeps every Socket.IO session alive across SIGTERM of each instance', async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };

    // Socket.IO clients as the web app connects them: through the proxy, reconnecting on their own.
    const disconnectReasons: string[] = [];
    for (let i = 0; i < 4; i++) {
      const s = ioClient(base, {
        path: '/socket.io',
        auth: { token: accessToken },
        transports: ['websocket'],
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
      });
      s.on('disconnect', (reason) => disconnectReasons.push(reason));
      sockets.push(s);
    }
    await waitFor(() => sockets.every((s) => s.connected), 10_000);

    // Reads, and a write (nginx never retries a POST elsewhere once sent, so the backend must not drop one).
    const calls: Array<[method: string, path: string]> = [
      ['GET', '/api/v1/notifications'],
      ['GET', '/api/v1/auth/me'],
      ['GET', '/api/health'],
      ['POST', '/api/v1/notifications/read-all'],
    ];
    let stopLoad = false;
    const load = runLoad({
      durationMs: 90_000,
      concurrency: 4,
      done: () => stopLoad,
      request: (i) => {
        const [method, path] = calls[i % calls.length]!;
        return fetch(`${base}${path}`, { method, headers: auth });
      },
    });

    try {
      for (const i of [0, 1]) {
        await sleep(1000);
        const started = Date.now();
        const code = await instances[i]!.stop('SIGTERM', SHUTDOWN_BOUND_MS + 5000);
        expect(code).toBe(0);
        expect(Date.now() - started).toBeLessThan(SHUTDOWN_BOUND_MS);
        await startInstance(i);
        // Past nginx's fail_timeout (2 s), so the restarted instance takes traffic again before the next one stops.
        await sleep(2500);
      }
    } finally {
      stopLoad = true;
    }
    const results = await load;

    expect(results.length).toBeGreaterThan(50);
    const failed = results.filter((r) => r.status !== 200 && r.status !== 204).map((r) => ({ status: r.status, error: r.error, body: r.body }));
    expect(failed).toEqual([]);

    // Every client was dropped at least once (each instance restarted) and came back by itself.
    await waitFor(() => sockets.every((s) => s.connected), 10_000);
    expect(disconnectReasons.length).toBeGreaterThanOrEqual(sockets.length);
    expect(disconnectReasons.filter((r) => r !== 'transport close' && r !== 'transport error')).toEqual([]);
    const acks = await Promise.all(
      sockets.map((s) => s.timeout(5000).emitWithAck('latency:ping', 42) as Promise<{ clientTimestamp: number; serverTimestamp: number }>),
    );
    for (const ack of acks) expect(ack).toMatchObject({ clientTimestamp: 42, serverTimestamp: expect.any(Number) });
  }, 120_000);
});
