import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeOverseerr, FakePlexServer, FakePlexTv, FakeUptimeKuma, KumaStatus, hugeJson, json, type FakeServer } from '../fakes';
import { PlexService } from '../../src/modules/plex/plex.service';
import { waitFor } from '../support/load';
import { buildTestApp, type TestApp } from '../support/test-app';

/**
 * Broken or hostile upstreams: huge, endless, dripping, truncated, redirected,
 * HTML or wrongly typed answers from plex.tv, Plex, Overseerr and Uptime Kuma.
 * Each is a clean 503 naming the service (never a 500, never cached), and a
 * body past the size cap or the deadline is abandoned, not read to the end:
 * the fake records how much it managed to send before the client went away.
 */
const TIMEOUT_MS = 1500;
const MB = 1024 * 1024;
/** The largest cap (8 MB) plus what socket buffers may hold when the client stops reading. */
const READ_AT_MOST = 16 * MB;

let t: TestApp;
let plex: FakePlexServer;
let overseerr: FakeOverseerr;
let plextv: FakePlexTv;
let kuma: FakeUptimeKuma;
let auth: { authorization: string };

beforeAll(async () => {
  plex = FakePlexServer.withSampleLibrary();
  overseerr = new FakeOverseerr();
  plextv = new FakePlexTv();
  kuma = new FakeUptimeKuma({ slug: 'home' });
  await Promise.all([plex.start(), overseerr.start(), plextv.start(), kuma.start()]);
  kuma.addMonitor({ id: 3, name: 'Plex' });
  kuma.pushBeat(3, KumaStatus.UP, 42);
  t = await buildTestApp({
    listen: false,
    env: {
      PLEX_SERVER_URL: plex.url,
      PLEX_TOKEN: plex.token,
      PLEX_TV_URL: plextv.url,
      OVERSEERR_URL: overseerr.url,
      OVERSEERR_API_KEY: overseerr.apiKey,
      UPTIME_KUMA_URL: kuma.url,
      UPTIME_KUMA_STATUS_PAGE: 'home',
      SERVICE_CHECK_INTERVAL_SECONDS: '3600',
      RATE_LIMIT_API_PER_MINUTE: '100000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    },
    configure: (c) => {
      c.plex = new PlexService({
        settings: c.settings,
        cached: c.cached,
        metrics: c.metrics,
        logger: c.logger,
        images: c.plex.images,
        clientId: async () => 'medianest-hostile-test',
        identity: c.accounts.plexIdentity,
        clock: c.clock,
        timeoutMs: TIMEOUT_MS,
        failureThreshold: 1000,
      });
      c.media.overseerr.timeoutMs = TIMEOUT_MS;
      c.media.overseerr.circuit = { failureThreshold: 1000 };
      c.accounts.plexTv.timeoutMs = TIMEOUT_MS;
      c.services.monitor.probeTimeoutMs = TIMEOUT_MS;
    },
  });
  const user = await t.createUser();
  auth = { authorization: `Bearer ${(await t.tokenFor(user)).token}` };
});

afterAll(async () => {
  await t?.close();
  await Promise.all([plex?.stop(), overseerr?.stop(), plextv?.stop(), kuma?.stop()]);
});

afterEach(() => {
  for (const fake of [plex, overseerr, plextv, kuma]) fake.clearOverrides();
});

/** The fake's last streamed answer, once the client has gone away from it. */
async function abandonedStream(fake: FakeServer) {
  await waitFor(() => fake.streams.at(-1)?.abandoned === true, TIMEOUT_MS * 3);
  return fake.streams.at(-1)!;
}

function expect503(res: request.Response, service: string): void {
  expect(res.status).toBe(503);
  expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service });
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|TypeError|AbortError/);
}

describe('answers past the size cap', () => {
  it('a 300 MB answer from Plex is a 503 for plex, and Plex is not read to the end', async () => {
    plex.override('/library/sections', () => hugeJson(300 * MB, { declareLength: false }), { once: true });
    expect503(await request(t.app).get('/api/v1/plex/libraries').set(auth), 'plex');
    const stream = await abandonedStream(plex);
    expect(stream.completed).toBe(false);
    expect(stream.bytesSent).toBeLessThan(READ_AT_MOST);
  });

  it('a declared 300 MB answer is refused before its body is read', async () => {
    plex.override('/library/sections', () => hugeJson(300 * MB), { once: true });
    expect503(await request(t.app).get('/api/v1/plex/libraries').set(auth), 'plex');
    expect((await abandonedStream(plex)).bytesSent).toBeLessThan(READ_AT_MOST);
  });

  it('an endless answer from Overseerr (no Content-Length) is a 503 for overseerr, and reading stops', async () => {
    overseerr.override('/api/v1/search', () => hugeJson(undefined), { once: true });
    expect503(await request(t.app).get('/api/v1/media/search?q=matrix').set(auth), 'overseerr');
    const stream = await abandonedStream(overseerr);
    expect(stream.bytesSent).toBeLessThan(READ_AT_MOST);
  });

  it('a 300 MB answer from plex.tv to a PIN request is a 503 for plex', async () => {
    plextv.override('/api/v2/pins', () => hugeJson(300 * MB, { declareLength: false }), { once: true });
    // A generous deadline: only the size cap can stop this read early.
    t.container.accounts.plexTv.timeoutMs = 20_000;
    try {
      expect503(await request(t.app).get('/api/v1/auth/plex/login'), 'plex');
      expect((await abandonedStream(plextv)).bytesSent).toBeLessThan(READ_AT_MOST);
    } finally {
      t.container.accounts.plexTv.timeoutMs = TIMEOUT_MS;
    }
  });

  it('an endless Uptime Kuma status page leaves its monitors unknown, and reading stops', async () => {
    await t.container.services.monitor.runRound();
    kuma.override('/api/status-page/home', () => hugeJson(undefined), { once: true });
    const round = await t.container.services.monitor.runRound();
    expect(round.checks.find((c) => c.serviceId === 'kuma-3')).toMatchObject({ status: 'unknown', message: expect.stringMatching(/larger than/) });
    expect((await abandonedStream(kuma)).bytesSent).toBeLessThan(READ_AT_MOST);
  });

  it('a huge /identity answer makes the Plex check down, not the monitor crash', async () => {
    plex.override('/identity', () => hugeJson(300 * MB, { declareLength: false }), { once: true });
    const round = await t.container.services.monitor.runRound();
    expect(round.checks.find((c) => c.serviceId === 'plex')).toMatchObject({ status: 'down', message: expect.stringMatching(/larger than/) });
    await abandonedStream(plex);
  });
});

describe('the deadline covers the whole body', () => {
  it('a body that keeps dripping past the deadline is a 503 within three times the deadline', async () => {
    plex.override('/library/sections', () => hugeJson(undefined, { chunkBytes: 16, gapMs: 50 }), { once: true });
    const started = Date.now();
    expect503(await request(t.app).get('/api/v1/plex/libraries').set(auth), 'plex');
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
    await abandonedStream(plex);
  });
});

describe('redirects', () => {
  it('are not followed: Plex redirecting elsewhere is a 503, and the other host is never asked', async () => {
    const before = overseerr.countRequests('/library/sections');
    plex.override('/library/sections', () => ({ status: 302, headers: { location: `${overseerr.url}/library/sections` } }), { once: true });
    expect503(await request(t.app).get('/api/v1/plex/libraries').set(auth), 'plex');
    expect(overseerr.countRequests('/library/sections')).toBe(before);
  });

  it('are not followed for Overseerr either', async () => {
    overseerr.override('/api/v1/search', () => ({ status: 301, headers: { location: `${plex.url}/api/v1/search` } }), { once: true });
    expect503(await request(t.app).get('/api/v1/media/search?q=matrix').set(auth), 'overseerr');
    expect(plex.countRequests('/api/v1/search')).toBe(0);
  });

  it('are not followed for plex.tv: a PIN creation answered with a redirect to another host is a 503 for plex', async () => {
    const before = plextv.countRequests('/api/v2/pins');
    plextv.override('/api/v2/pins', () => ({ status: 302, headers: { location: `${overseerr.url}/api/v2/pins?strong=true` } }), { once: true });
    expect503(await request(t.app).get('/api/v1/auth/plex/login'), 'plex');
    expect(plextv.countRequests('/api/v2/pins')).toBe(before + 1);
    expect(overseerr.countRequests('/api/v2/pins')).toBe(0);
  });

  it('are not followed to another host for the Uptime Kuma status page: its monitors become unknown, the other host never asked', async () => {
    const round0 = await t.container.services.monitor.runRound();
    expect(round0.checks.find((c) => c.serviceId === 'kuma-3')).toMatchObject({ status: 'up' });
    kuma.override(/^\/api\/status-page\//, (req) => ({ status: 302, headers: { location: `${plex.url}${req.path}` } }));
    try {
      const round = await t.container.services.monitor.runRound();
      expect(round.checks.find((c) => c.serviceId === 'kuma-3')).toMatchObject({ status: 'unknown', message: expect.stringMatching(/redirect/i) });
      expect(plex.countRequests('/api/status-page')).toBe(0);
      // What users see: the monitor's status is unknown, not the last "up".
      const services = await request(t.app).get('/api/v1/services').set(auth).expect(200);
      expect(services.body.items.find((s: { id: string }) => s.id === 'kuma-3')).toMatchObject({ status: 'unknown' });
    } finally {
      kuma.clearOverrides();
    }
  });
});

describe('garbage answers are a 503 naming the service, never a 500, never cached', () => {
  it.each([
    ['an HTML page', () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body>Login</body></html>' })],
    ['wrongly typed JSON', () => json(200, { MediaContainer: { Directory: 'Movies' } })],
    ['a truncated body', () => ({ ...hugeJson(4096), stream: { chunk: Buffer.from('{"MediaContainer":{"Directory":['), totalBytes: 64, cutOff: true } })],
  ])('from Plex: %s', async (_what, answer) => {
    await t.container.cache.delPrefix('plex:');
    plex.override('/library/sections', answer, { once: true });
    const before = plex.countRequests('/library/sections');
    expect503(await request(t.app).get('/api/v1/plex/libraries').set(auth), 'plex');
    // Nothing was cached: the next call asks Plex again and gets the real list.
    const res = await request(t.app).get('/api/v1/plex/libraries').set(auth).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(plex.countRequests('/library/sections')).toBe(before + 2);
  });

  it.each([
    ['an HTML page', () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' })],
    ['wrongly typed JSON', () => json(200, { page: 'one', totalPages: 1, results: {} })],
    ['an empty 200', () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '' })],
  ])('from Overseerr: %s', async (_what, answer) => {
    overseerr.override('/api/v1/search', answer, { once: true });
    expect503(await request(t.app).get('/api/v1/media/search?q=matrix').set(auth), 'overseerr');
    await request(t.app).get('/api/v1/media/search?q=matrix').set(auth).expect(200);
  });

  it('from plex.tv: wrongly typed PIN', async () => {
    plextv.override('/api/v2/pins', () => json(201, { id: 'abc', code: 7 }), { once: true });
    expect503(await request(t.app).get('/api/v1/auth/plex/login'), 'plex');
  });
});
