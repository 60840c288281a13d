import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeMode } from '../fakes';
import { buildTestApp, type TestApp } from '../support/test-app';
import { startPlexApp, type PlexTestApp } from './plex-support';

const TIMEOUT_MS = 600;

describe('Plex library without a configured server', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await buildTestApp({ redis: false });
    const { token } = await t.tokenFor(await t.createUser());
    auth = { Authorization: `Bearer ${token}` };
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 503 NOT_CONFIGURED on every Plex route', async () => {
    for (const path of ['/libraries', '/libraries/1/items', '/items/1', '/collections', '/collections/1/items', '/search?q=a', '/recently-added']) {
      const res = await request(t.app).get(`/api/v1/plex${path}`).set(auth).expect(503);
      expect(res.body.error).toMatchObject({ code: 'NOT_CONFIGURED', service: 'plex' });
    }
  });

  it('answers 503 NOT_CONFIGURED for a correctly signed image', async () => {
    const url = t.container.plex.images.url('/library/metadata/1/thumb/1', { w: 300, h: 450 });
    const res = await request(t.app).get(url ?? '').expect(503);
    expect(res.body.error.code).toBe('NOT_CONFIGURED');
  });
});

describe('Plex library when Plex fails', () => {
  let s: PlexTestApp;
  let page = 0;
  /** A page nobody has asked for yet, so the cache cannot answer for Plex. */
  const uncached = () => `/api/v1/plex/libraries/1/items?page=${++page}&pageSize=5`;

  beforeAll(async () => {
    // Each test looks at one failure mode on its own; the circuit breaker has tests of its own (test/resilience/upstreams.test.ts).
    s = await startPlexApp({ timeoutMs: TIMEOUT_MS, circuit: { failureThreshold: 1000 } });
  });
  afterAll(async () => {
    await s.close();
  });
  beforeEach(async () => {
    await s.plex.setMode('up');
    s.plex.latencyMs = 0;
  });

  const failures: Array<[FakeMode, string]> = [
    ['hang', 'accepts the request and never answers'],
    ['slow', 'answers after the deadline'],
    ['down', 'answers 503 (start-up maintenance)'],
    ['refuse', 'refuses connections'],
    ['reset', 'resets the connection'],
  ];
  for (const [mode, what] of failures) {
    it(`answers 503 SERVICE_UNAVAILABLE for plex within the deadline when Plex ${what}`, async () => {
      s.plex.latencyMs = mode === 'slow' ? TIMEOUT_MS * 4 : 0;
      await s.plex.setMode(mode);
      const started = Date.now();
      const res = await s.get(uncached()).expect(503);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 3);
      expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex', requestId: expect.any(String) });
    });
  }

  it('recovers as soon as Plex answers again', async () => {
    await s.plex.setMode('down');
    await s.get(uncached()).expect(503);
    await s.plex.setMode('up');
    const res = await s.get(uncached()).expect(200);
    expect(res.body.items).toHaveLength(5);
  });

  it('answers 503 when Plex sends something that is not its JSON', async () => {
    s.plex.override('/library/sections/1/all', () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>captive portal</html>' }), { once: true });
    const res = await s.get(uncached()).expect(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex' });
  });

  it('keeps the token out of error bodies and logs', () => {
    expect(s.t.logs.text()).toContain('upstream unreachable');
    expect(s.t.logs.text()).not.toContain(s.plex.token);
  });
});

describe('Plex library with a token Plex rejects', () => {
  let s: PlexTestApp;
  beforeAll(async () => {
    s = await startPlexApp({ redis: false, env: { PLEX_TOKEN: 'not-the-owner-token' } });
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers 503 for plex and tells the admin to check the token', async () => {
    const res = await s.get('/api/v1/plex/libraries').expect(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex', message: expect.stringMatching(/token/i) });
    expect(res.text).not.toContain('not-the-owner-token');
    expect(s.t.logs.text()).not.toContain('not-the-owner-token');
  });
});

describe('Plex client identifier', () => {
  let s: PlexTestApp;
  beforeAll(async () => {
    s = await startPlexApp({ redis: false, env: { PLEX_CLIENT_ID: 'mn-env-client-id' } });
  });
  afterAll(async () => {
    await s.close();
  });

  it('sends PLEX_CLIENT_ID when it is set', async () => {
    await s.get('/api/v1/plex/libraries').expect(200);
    const sent = s.plex.requests.filter((r) => r.path === '/library/sections');
    expect(sent.map((r) => r.headers['x-plex-client-identifier'])).toEqual(['mn-env-client-id']);
  });
});

describe('Plex client identifier persisted by the accounts module', () => {
  let s: PlexTestApp;
  beforeAll(async () => {
    s = await startPlexApp({
      redis: false,
      configure: async (c) => {
        await c.db.prisma.setting.create({ data: { key: 'plex.clientId', value: 'persisted-install-id', encrypted: false } });
      },
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it('sends the persisted identifier', async () => {
    await s.get('/api/v1/plex/libraries').expect(200);
    const sent = s.plex.requests.filter((r) => r.path === '/library/sections');
    expect(sent.map((r) => r.headers['x-plex-client-identifier'])).toEqual(['persisted-install-id']);
  });
});

describe('PlexService.identity (for the service monitor)', () => {
  let s: PlexTestApp;
  beforeAll(async () => {
    s = await startPlexApp({ redis: false });
  });
  afterAll(async () => {
    await s.close();
  });

  it('reports the machine identifier and version, live each time', async () => {
    const identity = await s.t.container.plex.identity();
    expect(identity).toMatchObject({ machineIdentifier: s.plex.machineIdentifier, version: s.plex.version });
    s.plex.clearRequests();
    await s.t.container.plex.identity();
    expect(s.plex.countRequests('/identity')).toBe(1);
  });
});
