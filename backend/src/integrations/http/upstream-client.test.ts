import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Metrics } from '../../common/metrics';
import { UpstreamClient, encodeStrict } from './upstream-client';
import { UpstreamBadAnswerError, UpstreamHttpError, UpstreamUnreachableError } from './upstream-errors';

/** The outbound layer against a tiny local server: no database, no Redis, no fakes. */
let server: http.Server;
let base = '';
let otherHost = '';
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/ok') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"n":1}');
    if (url.pathname === '/echo') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url }));
    if (url.pathname === '/body') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ type: req.headers['content-type'] ?? null, hex: Buffer.concat(chunks).toString('hex') })));
      return;
    }
    if (url.pathname === '/big') return res.writeHead(200).end(Buffer.alloc(2048, 0x20));
    if (url.pathname === '/boom') return res.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"bad gateway"}');
    if (url.pathname === '/here') return res.writeHead(302, { location: '/ok' }).end();
    if (url.pathname === '/away') return res.writeHead(302, { location: `${otherHost}/ok` }).end();
    if (url.pathname === '/drip') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  otherHost = `http://localhost:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (options: Partial<ConstructorParameters<typeof UpstreamClient>[0]> = {}) =>
  new UpstreamClient({ service: 'test', baseUrl: base, metrics: new Metrics(false), timeoutMs: 500, breaker: null, ...options });

describe('UpstreamClient', () => {
  it('parses a JSON answer with its schema', async () => {
    expect((await client().json(z.object({ n: z.number() }), { path: '/ok' })).data).toEqual({ n: 1 });
  });

  it('turns a wrongly typed answer into a bad answer (503), never a crash', async () => {
    await expect(client().json(z.object({ n: z.string() }), { path: '/ok' })).rejects.toBeInstanceOf(UpstreamBadAnswerError);
  });

  it('sends a JSON body as JSON, and a raw body byte for byte with only the caller\u2019s content type', async () => {
    const schema = z.object({ type: z.string().nullable(), hex: z.string() });
    const json = await client().json(schema, { method: 'POST', path: '/body', body: { a: 1 } });
    expect(json.data).toEqual({ type: 'application/json', hex: Buffer.from('{"a":1}').toString('hex') });
    const raw = await client().json(schema, { method: 'POST', path: '/body', rawBody: new Uint8Array([0, 1, 255]), headers: { 'Content-Type': 'application/octet-stream' } });
    expect(raw.data).toEqual({ type: 'application/octet-stream', hex: '0001ff' });
  });

  it('stops reading past the size cap', async () => {
    const err = await client({ maxBytes: 1024 }).send({ path: '/big' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamUnreachableError);
    expect((err as UpstreamUnreachableError).reason).toMatch(/larger than 1024/);
    expect((err as UpstreamUnreachableError).status).toBe(503);
    await expect(client({ maxBytes: 1024 }).send({ path: '/big', maxBytes: 4096 })).resolves.toMatchObject({ status: 200 });
  });

  it('keeps the deadline over the whole body', async () => {
    const started = Date.now();
    const err = await client().send({ path: '/drip' }).catch((e: unknown) => e);
    expect((err as UpstreamUnreachableError).reason).toMatch(/no complete answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('follows no redirect unless asked, and then only on the same host', async () => {
    await expect(client().send({ path: '/here' })).rejects.toBeInstanceOf(UpstreamBadAnswerError);
    await expect(client().send({ path: '/here', followRedirects: true })).resolves.toMatchObject({ status: 200 });
    const before = seen.length;
    await expect(client().send({ path: '/away', followRedirects: true })).rejects.toBeInstanceOf(UpstreamBadAnswerError);
    expect(seen.slice(before)).toEqual(['/away']);
  });

  it('makes a 5xx an error carrying the upstream status and body', async () => {
    const err = (await client().send({ path: '/boom' }).catch((e: unknown) => e)) as UpstreamHttpError;
    expect(err).toBeInstanceOf(UpstreamHttpError);
    expect([err.status, err.upstreamStatus, err.body]).toEqual([503, 502, { message: 'bad gateway' }]);
  });

  it('percent-encodes every reserved character of query values', async () => {
    const { data } = await client().json(z.object({ url: z.string() }), { path: '/echo', query: { query: "M*A*S*H Don't (1) !", n: 2 } });
    expect(data.url).toBe('/echo?query=M%2AA%2AS%2AH%20Don%27t%20%281%29%20%21&n=2');
    expect(encodeStrict('a+b,c')).toBe('a%2Bb%2Cc');
  });

  it('fails fast through its circuit breaker once the upstream keeps failing', async () => {
    const breaker = UpstreamClient.breaker({ service: 'test', failureThreshold: 2 });
    const c = client({ breaker });
    for (let i = 0; i < 2; i++) await c.send({ path: '/boom' }).catch(() => undefined);
    const before = seen.length;
    const err = await c.send({ path: '/ok' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamUnreachableError);
    expect((err as UpstreamUnreachableError).maybeDelivered).toBe(false);
    expect(seen.length).toBe(before);
  });
});
