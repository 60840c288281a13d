import net from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server';
import { sleep } from '../support/load';
import { startSecurityApp, type SecurityApp } from './security-app';

/**
 * Hostile input below the JSON level: absurd nesting and size, header
 * injection, and clients that send their request slowly (slow-loris). The
 * server runs with short, configured timeouts; bounds are three times those.
 */
const HEADERS_TIMEOUT_MS = 600;
const REQUEST_TIMEOUT_MS = 1200;

let s: SecurityApp;
let running: RunningServer;
let userAuth: string;

beforeAll(async () => {
  s = await startSecurityApp();
  running = await startServer(s.t.container, s.t.app, 0, '127.0.0.1', {
    startJobs: false,
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  userAuth = await s.bearer(s.user);
});
afterAll(async () => {
  running.server.closeAllConnections();
  await new Promise<void>((resolve) => running.server.close(() => resolve()));
  await s.close();
});

interface RawExchange {
  /** Everything the server sent before closing (or until `waitMs`). */
  text: string;
  /** When the server closed the connection, ms after the first byte was sent; undefined if it did not. */
  closedAfterMs?: number;
}

/** Talks raw HTTP/1.1 over TCP: each chunk is written after `gapMs`, for malformed or slow requests. */
function raw(chunks: string[], options: { gapMs?: number; waitMs?: number } = {}): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = net.connect(running.port, '127.0.0.1');
    const started = Date.now();
    let text = '';
    let closedAfterMs: number | undefined;
    const finish = () => {
      socket.destroy();
      resolve({ text, closedAfterMs });
    };
    const deadline = setTimeout(finish, options.waitMs ?? 5000);
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closedAfterMs = Date.now() - started;
      clearTimeout(deadline);
      finish();
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (options.gapMs) await sleep(options.gapMs);
      }
    });
  });
}

describe('absurd bodies', () => {
  it.each([
    ['10,000 nested objects', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`],
    ['40,000 nested arrays', `${'['.repeat(40_000)}${']'.repeat(40_000)}`],
    ['deep nesting inside a valid request', `{"tmdbId":603,"mediaType":"movie","seasons":${'['.repeat(20_000)}${']'.repeat(20_000)}}`],
  ])('answers %s with a 4xx at once and keeps serving', async (_what, body) => {
    const started = Date.now();
    const res = await request(s.t.app).post('/api/v1/media/requests').set('authorization', userAuth).set('content-type', 'application/json').send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(3000);
    await request(s.t.app).get('/api/health').expect(200);
  });

  it('cuts off a body far over the limit with 413, also when it is chunked without a length', async () => {
    const huge = `{"q":"${'x'.repeat(5 * 1024 * 1024)}"}`;
    const res = await request(s.t.app).post('/api/v1/auth/login').set('content-type', 'application/json').send(huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const chunked = await raw(
      [
        'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
        ...Array.from({ length: 30 }, () => `8000\r\n${'x'.repeat(0x8000)}\r\n`),
        '0\r\n\r\n',
      ],
      { waitMs: 5000 },
    );
    expect(chunked.text).toMatch(/^HTTP\/1\.1 413 /);
  });
});

describe('header injection', () => {
  it.each(['abc\r\nSet-Cookie: injected=1', 'abc\nSet-Cookie: injected=1', 'abc\rSet-Cookie: injected=1'])(
    'never lets an X-Request-Id with line breaks (%j) into the response headers',
    async (value) => {
      const { text } = await raw([`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${value}\r\nConnection: close\r\n\r\n`]);
      // Node either rejects the broken line (400) or reads two request headers; no response header is ever forged.
      expect(text).toMatch(/^HTTP\/1\.1 (200|400) /);
      const head = text.split('\r\n\r\n')[0] ?? '';
      expect(head).not.toMatch(/set-cookie:\s*injected/i);
      expect(head).not.toMatch(/^x-request-id:.*set-cookie/im);
    },
  );

  it.each(['abc%0d%0aSet-Cookie:%20x=1', 'x'.repeat(129), 'caf\u00e9', '<script>', 'a b'])('replaces an insane X-Request-Id (%j) instead of echoing it', async (value) => {
    const res = await request(s.t.app).get('/api/health').set('X-Request-Id', value);
    expect(res.headers['x-request-id']).not.toBe(value);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ignores an Origin carrying a line break: no CORS headers, no injected ones', async () => {
    const { text } = await raw([`GET /api/v1/auth/me HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:4000\rSet-Cookie: injected=1\r\nConnection: close\r\n\r\n`]);
    const head = text.split('\r\n\r\n')[0] ?? '';
    expect(head).not.toMatch(/set-cookie:\s*injected/i);
    expect(head).not.toMatch(/access-control-allow-origin/i);
  });
});

describe('slow-loris', () => {
  it('cuts off a client that sends its headers too slowly', async () => {
    const drip = ['GET /api/health HTTP/1.1\r\n', 'Host: x\r\n', ...Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: 1\r\n`)];
    const res = await raw(drip, { gapMs: 100, waitMs: HEADERS_TIMEOUT_MS * 3 + 2000 });
    expect(res.closedAfterMs).toBeDefined();
    expect(res.closedAfterMs!).toBeLessThan(HEADERS_TIMEOUT_MS * 3);
    expect(res.text).not.toMatch(/^HTTP\/1\.1 200/);
  });

  it('cuts off a client that sends its body too slowly', async () => {
    const head = `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":"`;
    const res = await raw([head, ...Array.from({ length: 60 }, () => 'a')], { gapMs: 100, waitMs: REQUEST_TIMEOUT_MS * 3 + 2000 });
    expect(res.closedAfterMs).toBeDefined();
    expect(res.closedAfterMs!).toBeLessThan(REQUEST_TIMEOUT_MS * 3);
  });

  it('keeps serving everyone else while slow clients hang on', async () => {
    const slow = Array.from({ length: 20 }, () => raw(['GET /api/health HTTP/1.1\r\n', 'Host: x\r\n', 'X-Slow: 1\r\n', 'X-Slow: 2\r\n'], { gapMs: 200, waitMs: 4000 }));
    await sleep(100);
    const started = Date.now();
    const res = await fetch(`http://127.0.0.1:${running.port}/api/health`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(HEADERS_TIMEOUT_MS);
    await Promise.all(slow);
  });
});
