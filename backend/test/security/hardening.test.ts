import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_SIZES, ImageSigner } from '../../src/modules/plex/image-signing';
import { TOO_MANY_CONNECTIONS } from '../../src/realtime/realtime';
import { FakePlexServer } from '../fakes';
import { bearer } from '../auth/accounts-support';
import { buildTestApp, type TestApp } from '../support/test-app';

/** Issue 15 item 8: hardening of headers, image signatures and real-time connections. */
describe('response headers', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await buildTestApp({ env: { APP_URL: 'https://media.example.com', CORS_ORIGINS: 'https://media.example.com' } });
    auth = bearer((await t.tokenFor(await t.createUser({ role: 'admin' }))).token);
  });
  afterAll(() => t.close());

  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

  it("limits CSP connect-src to the app's own origin and its WebSocket URL", async () => {
    const res = await request(t.app).get('/api/health');
    const connect = directives(res.headers['content-security-policy'] as string).get('connect-src');
    expect(connect).toEqual(["'self'", 'wss://media.example.com']);
  });

  it('sends a Permissions-Policy switching off camera, microphone, location and payment', async () => {
    for (const path of ['/api/health', '/api/v1/auth/me', '/no-such-page']) {
      const policy = (await request(t.app).get(path).set(auth)).headers['permissions-policy'] as string;
      expect(policy, path).toBeDefined();
      for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()']) expect(policy, path).toContain(feature);
    }
  });

  it('marks authenticated JSON Cache-Control: no-store, errors and unknown API paths included', async () => {
    for (const path of ['/api/v1/auth/me', '/api/v1/notifications', '/api/v1/media/requests', '/api/v1/admin/settings', '/api/v1/admin/users', '/api/v1/services']) {
      const res = await request(t.app).get(path).set(auth);
      expect(res.status, path).toBe(200);
      expect(res.type, path).toBe('application/json');
      expect(res.headers['cache-control'], path).toBe('no-store');
    }
    expect((await request(t.app).get('/api/v1/auth/me')).headers['cache-control']).toBe('no-store');
    expect((await request(t.app).get('/api/v1/nothing-here').set(auth)).headers['cache-control']).toBe('no-store');
  });
});

describe('CSP connect-src over plain http', () => {
  it('uses ws:// for an http APP_URL, with its port', async () => {
    const t = await buildTestApp({ env: { APP_URL: 'http://192.168.1.5:4000', CORS_ORIGINS: 'http://192.168.1.5:4000' }, listen: false });
    try {
      const csp = (await request(t.app).get('/api/health')).headers['content-security-policy'] as string;
      expect(csp).toContain("connect-src 'self' ws://192.168.1.5:4000;");
      expect(csp).not.toMatch(/connect-src[^;]*\bwss?:(\s|;|$)/);
    } finally {
      await t.close();
    }
  });
});

describe('image signatures over one canonical form', () => {
  const signer = new ImageSigner('a-test-secret-of-at-least-32-bytes-long!!', { clock: () => Date.UTC(2026, 11, 5) });
  const signed = () => Object.fromEntries(new URL(signer.url('/library/metadata/1/thumb/2', IMAGE_SIZES.poster)!, 'http://x').searchParams);

  it('verifies the URL it handed out', () => {
    expect(signer.verify(signed())).toMatchObject({ ok: true, width: 300, height: 450 });
  });

  it.each([
    ['a leading zero in the width', { w: '0300' }],
    ['a leading zero in the height', { h: '0450' }],
    ['a leading zero in the expiry', (q: Record<string, string>) => ({ exp: `0${q.exp}` })],
    ['a plus sign', { w: '+300' }],
    ['an exponent', (q: Record<string, string>) => ({ exp: Number(q.exp).toExponential() })],
    ['a decimal point', { w: '300.0' }],
    ['surrounding spaces', { h: ' 450' }],
  ])('refuses the same values spelled with %s', (_what, change) => {
    const query = signed();
    const altered = { ...query, ...(typeof change === 'function' ? change(query) : change) };
    expect(signer.verify(altered)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('answers such a spelling over HTTP with 403 and never asks Plex', async () => {
    const pms = FakePlexServer.withSampleLibrary();
    await pms.start();
    const t = await buildTestApp({ env: { PLEX_SERVER_URL: pms.url, PLEX_TOKEN: pms.token }, listen: false });
    try {
      const url = new URL(t.container.plex.images.url('/library/metadata/1/thumb/2', IMAGE_SIZES.poster)!, 'http://x');
      url.searchParams.set('w', `00${url.searchParams.get('w')}`);
      pms.clearRequests();
      const res = await request(t.app).get(`${url.pathname}${url.search}`).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(pms.requests).toEqual([]);
    } finally {
      await t.close();
      await pms.stop();
    }
  });
});

describe('SOCKET_MAX_CONNECTIONS_PER_USER', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { SOCKET_MAX_CONNECTIONS_PER_USER: '3' } });
  });
  afterAll(() => t.close());

  const refusal = (token: string) =>
    t.socket(token).then(
      (s: Socket) => ({ connected: s, error: undefined }),
      (error: Error & { data?: { message?: string } }) => ({ connected: undefined, error }),
    );

  it('refuses one connection more than the cap with a clear reason, and counts each user separately', async () => {
    const { token } = await t.tokenFor(await t.createUser());
    const open = await Promise.all([t.socket(token), t.socket(token), t.socket(token)]);
    const extra = await refusal(token);
    expect(extra.connected).toBeUndefined();
    expect(extra.error?.message).toBe(TOO_MANY_CONNECTIONS);
    expect(extra.error?.data?.message).toMatch(/3 live connections/);

    const other = (await t.tokenFor(await t.createUser())).token;
    await t.socket(other);

    // Closing one frees its slot.
    open[0]!.disconnect();
    await expect.poll(async () => (await refusal(token)).error?.message ?? 'connected', { timeout: 5000, interval: 100 }).toBe('connected');
  });

  it('never lets parallel handshakes past the cap', async () => {
    const { token } = await t.tokenFor(await t.createUser());
    const results = await Promise.all(Array.from({ length: 12 }, () => refusal(token)));
    expect(results.filter((r) => r.connected)).toHaveLength(3);
    expect(results.filter((r) => r.error?.message === TOO_MANY_CONNECTIONS)).toHaveLength(9);
  });
});
