import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOverseerr, FakePlexServer, type FakeMode, type FakeServer } from '../fakes';
import { PlexService } from '../../src/modules/plex/plex.service';
import { sleep, waitFor } from '../support/load';
import { buildTestApp, type TestApp } from '../support/test-app';

/**
 * Plex and Overseerr hanging or resetting connections: every call still
 * answers within the client timeout, a circuit breaker stops hammering the
 * dead upstream and lets it recover, and routes that do not need it stay fast.
 */
const TIMEOUT_MS = 800;
const THRESHOLD = 3;
const COOLDOWN_MS = 1000;

let t: TestApp;
let plex: FakePlexServer;
let overseerr: FakeOverseerr;
let auth: { authorization: string };

beforeAll(async () => {
  plex = FakePlexServer.withSampleLibrary();
  overseerr = new FakeOverseerr();
  await Promise.all([plex.start(), overseerr.start()]);
  t = await buildTestApp({
    listen: false,
    env: {
      PLEX_SERVER_URL: plex.url,
      PLEX_TOKEN: plex.token,
      OVERSEERR_URL: overseerr.url,
      OVERSEERR_API_KEY: overseerr.apiKey,
      RATE_LIMIT_API_PER_MINUTE: '100000',
    },
    configure: (c) => {
      c.plex = new PlexService({
        settings: c.settings,
        cached: c.cached,
        metrics: c.metrics,
        logger: c.logger,
        images: c.plex.images,
        clientId: async () => 'medianest-resilience-test',
        identity: c.accounts.plexIdentity,
        clock: c.clock,
        timeoutMs: TIMEOUT_MS,
        failureThreshold: THRESHOLD,
        cooldownMs: COOLDOWN_MS,
      });
      c.media.overseerr.timeoutMs = TIMEOUT_MS;
      c.media.overseerr.circuit = { failureThreshold: THRESHOLD, cooldownMs: COOLDOWN_MS };
    },
  });
  const user = await t.createUser();
  auth = { authorization: `Bearer ${(await t.tokenFor(user)).token}` };
});

afterAll(async () => {
  await t?.close();
  await Promise.all([plex?.stop(), overseerr?.stop()]);
});

async function timed(req: request.Test): Promise<{ res: request.Response; ms: number }> {
  const started = Date.now();
  const res = await req;
  return { res, ms: Date.now() - started };
}

interface Upstream {
  name: 'plex' | 'overseerr';
  fake: () => FakeServer;
  /** A route that must reach the upstream (never answered from a cache). */
  call: () => request.Test;
  /** Requests the fake received for that route. */
  hits: () => number;
}

let page = 0;
const upstreams: Upstream[] = [
  {
    name: 'plex',
    fake: () => plex,
    call: () => request(t.app).get(`/api/v1/plex/libraries/1/items?page=${++page}&pageSize=2`).set(auth),
    hits: () => plex.countRequests('/library/sections/1/all'),
  },
  {
    name: 'overseerr',
    fake: () => overseerr,
    call: () => request(t.app).get(`/api/v1/media/search?q=matrix&page=${(++page % 400) + 1}`).set(auth),
    hits: () => overseerr.countRequests('/api/v1/search'),
  },
];

/** Enough failing calls at once to open the circuit (concurrent, so a hang costs one timeout). */
async function failures(u: Upstream): Promise<request.Response[]> {
  return Promise.all(Array.from({ length: THRESHOLD }, () => u.call()));
}

/** Brings the upstream back and waits until a call succeeds (after the cool-down if the circuit is open). */
async function recover(u: Upstream): Promise<void> {
  await u.fake().setMode('up');
  await waitFor(async () => (await u.call()).status === 200, COOLDOWN_MS * 3);
}

describe.each(upstreams)('when $name hangs or resets connections', (u) => {
  beforeEach(async () => {
    await recover(u);
  });

  it.each<FakeMode>(['hang', 'reset'])(`answers 503 SERVICE_UNAVAILABLE for ${u.name} within the client timeout (%s)`, async (mode) => {
    await u.fake().setMode(mode);
    const { res, ms } = await timed(u.call());
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: u.name });
    expect(ms).toBeLessThan(TIMEOUT_MS * 3);
  });

  it.each<FakeMode>(['hang', 'reset'])('stops calling it after consecutive failures and answers 503 at once (%s)', async (mode) => {
    await u.fake().setMode(mode);
    for (const res of await failures(u)) expect(res.status).toBe(503);
    const hitsWhenOpen = u.hits();
    for (let i = 0; i < 5; i++) {
      const { res, ms } = await timed(u.call());
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: u.name });
      // Failing fast: under the timeout that any call reaching the hung upstream would cost.
      expect(ms).toBeLessThan(TIMEOUT_MS);
    }
    expect(u.hits()).toBe(hitsWhenOpen);
  });

  it('tries again after the cool-down and works as soon as the upstream is back', async () => {
    await u.fake().setMode('hang');
    await failures(u);
    await u.fake().setMode('up');
    // Still within the cool-down: the upstream is not asked yet.
    const before = u.hits();
    await u.call().expect(503);
    expect(u.hits()).toBe(before);
    await sleep(COOLDOWN_MS + 50);
    await u.call().expect(200);
    await u.call().expect(200);
    expect(u.hits()).toBe(before + 2);
  });

  it('stays open for another cool-down when the trial call fails', async () => {
    await u.fake().setMode('reset');
    await failures(u);
    await sleep(COOLDOWN_MS + 50);
    const before = u.hits();
    await u.call().expect(503);
    expect(u.hits()).toBe(before + 1);
    await u.fake().setMode('up');
    await u.call().expect(503);
    expect(u.hits()).toBe(before + 1);
  });

  it('keeps unrelated routes fast while calls to the hung upstream are in flight', async () => {
    await u.fake().setMode('hang');
    let settled = 0;
    const hung = Array.from({ length: 6 }, () => timed(u.call()).finally(() => (settled += 1)));
    await sleep(50);
    for (const path of ['/api/health', '/api/v1/notifications', '/api/v1/media/requests', '/api/v1/auth/me']) {
      const { res, ms } = await timed(request(t.app).get(path).set(auth));
      expect(res.status, path).toBe(200);
      expect(ms, path).toBeLessThan(TIMEOUT_MS);
      expect(settled, `${path} answered only after the hung calls`).toBe(0);
    }
    for (const { res, ms } of await Promise.all(hung)) {
      expect(res.status).toBe(503);
      expect(ms).toBeLessThan(TIMEOUT_MS * 3);
    }
  });
});

describe('answers that show the upstream is alive never open the circuit', () => {
  it('keeps asking Plex about unknown items (404s)', async () => {
    await recover(upstreams[0]!);
    const before = plex.countRequests('/library/metadata/');
    for (let i = 0; i < THRESHOLD * 2; i++) await request(t.app).get(`/api/v1/plex/items/${990_000 + i}`).set(auth).expect(404);
    expect(plex.countRequests('/library/metadata/')).toBe(before + THRESHOLD * 2);
    await upstreams[0]!.call().expect(200);
  });

  it('keeps asking Overseerr after answers it refuses with a 4xx (here: a query it rejects)', async () => {
    await recover(upstreams[1]!);
    overseerr.override('/api/v1/search', () => ({ status: 400, headers: { 'content-type': 'application/json' }, body: '{"message":"bad"}' }));
    const before = overseerr.countRequests('/api/v1/search');
    for (let i = 0; i < THRESHOLD * 2; i++) await request(t.app).get('/api/v1/media/search?q=matrix').set(auth).expect(503);
    expect(overseerr.countRequests('/api/v1/search')).toBe(before + THRESHOLD * 2);
    overseerr.clearOverrides();
    await upstreams[1]!.call().expect(200);
  });
});

describe('Overseerr\u2019s catch-all 500 "Unable to retrieve movie." counts against it', () => {
  it('opens the circuit when every title fails to load (TMDB down looks exactly like this)', async () => {
    await recover(upstreams[1]!);
    const before = overseerr.countRequests(/^\/api\/v1\/movie\//);
    for (let i = 0; i < THRESHOLD * 2; i++) {
      const res = await request(t.app).post('/api/v1/media/requests').set(auth).send({ tmdbId: 990_000 + i, mediaType: 'movie' }).expect(503);
      expect(res.body.error.service).toBe('overseerr');
    }
    expect(overseerr.countRequests(/^\/api\/v1\/movie\//)).toBe(before + THRESHOLD);
    await recover(upstreams[1]!);
  });
});
