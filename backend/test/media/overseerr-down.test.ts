import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMode, NO_RESPONSE, Permission } from '../fakes';
import type { RequestBody } from '../fakes/overseerr-store';
import { buildTestApp, type TestApp } from '../support/test-app';
import { WEBHOOK_PATH, startMediaApp, type MediaTestApp } from './media-app';

describe('when Overseerr is down', () => {
  let m: MediaTestApp;
  let token: string;
  let stored: { id: string };

  beforeAll(async () => {
    // Each test looks at one failure mode on its own; the circuit breaker has tests of its own.
    m = await startMediaApp({ timeoutMs: 400, circuit: { failureThreshold: 1000 } });
    m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, permissions: Permission.REQUEST });
    const sam = await m.t.createUser({ username: 'sam', plexId: '5005' });
    token = (await m.t.tokenFor(sam)).token;
    stored = (await request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${token}`).send({ tmdbId: 603, mediaType: 'movie' }).expect(201)).body;
  });
  afterAll(async () => {
    await m.close();
  });

  const auth = () => ({ authorization: `Bearer ${token}` });
  const rows = () => m.t.container.db.prisma.mediaRequest.count();
  async function inMode<T>(mode: FakeMode, fn: () => Promise<T>): Promise<T> {
    await m.fake.setMode(mode);
    try {
      return await fn();
    } finally {
      await m.fake.setMode('up');
    }
  }

  it.each(['down', 'refuse', 'hang', 'reset'] as const)('answers search with 503 SERVICE_UNAVAILABLE naming overseerr (%s)', async (mode) => {
    const res = await inMode(mode, () => request(m.t.app).get('/api/v1/media/search?q=matrix').set(auth()));
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'overseerr' });
  });

  it.each(['down', 'refuse', 'hang'] as const)('answers a new request with 503 and stores nothing (%s)', async (mode) => {
    const before = await rows();
    const res = await inMode(mode, () => request(m.t.app).post('/api/v1/media/requests').set(auth()).send({ tmdbId: 604, mediaType: 'movie' }));
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'overseerr' });
    expect(await rows()).toBe(before);
  });

  it('still lists and shows stored requests', async () => {
    await inMode('refuse', async () => {
      const list = await request(m.t.app).get('/api/v1/media/requests').set(auth()).expect(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).toContain(stored.id);
      await request(m.t.app).get(`/api/v1/media/requests/${stored.id}`).set(auth()).expect(200);
    });
  });

  it('answers a cancellation with 503 and keeps the request', async () => {
    const res = await inMode('down', () => request(m.t.app).delete(`/api/v1/media/requests/${stored.id}`).set(auth()));
    expect(res.status).toBe(503);
    expect(await m.t.container.db.prisma.mediaRequest.findUnique({ where: { id: stored.id } })).not.toBeNull();
  });

  it('links the request Overseerr created when only its reply was lost', async () => {
    // Overseerr takes the request, then never answers.
    m.fake.override(/^\/api\/v1\/request$/, (req) => {
      const user = m.fake.users.get(Number(req.headers['x-api-user'] ?? 1))!;
      m.fake.store.createRequest(req.body as RequestBody, user);
      return NO_RESPONSE;
    }, { once: true });
    const res = await request(m.t.app).post('/api/v1/media/requests').set(auth()).send({ tmdbId: 27205, mediaType: 'movie' }).expect(201);
    const inOverseerr = [...m.fake.requestRows.values()].filter((r) => m.fake.media.get(r.mediaId)?.tmdbId === 27205);
    expect(inOverseerr).toHaveLength(1);
    expect(res.body).toMatchObject({ status: 'pending', overseerrRequestId: inOverseerr[0]?.id });
  });

  it('times Overseerr calls in the upstream metric and never leaks the API key', async () => {
    const text = await m.t.container.metrics.registry.metrics();
    expect(text).toMatch(/medianest_upstream_request_duration_seconds_count\{service="overseerr"/);
    expect(m.t.logs.text()).not.toContain(m.fake.apiKey);
  });
});

describe('when Overseerr is not configured', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await buildTestApp();
    token = (await t.tokenFor(await t.createUser())).token;
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers search and new requests with 503 NOT_CONFIGURED', async () => {
    const search = await request(t.app).get('/api/v1/media/search?q=matrix').set('authorization', `Bearer ${token}`).expect(503);
    expect(search.body.error.code).toBe('NOT_CONFIGURED');
    const create = await request(t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${token}`).send({ tmdbId: 603, mediaType: 'movie' }).expect(503);
    expect(create.body.error.code).toBe('NOT_CONFIGURED');
  });

  it('answers every webhook call with 401 while no secret is configured', async () => {
    await request(t.app).post(WEBHOOK_PATH).set('authorization', '').send({ notification_type: 'TEST_NOTIFICATION' }).expect(401);
    await request(t.app).post(WEBHOOK_PATH).set('authorization', 'anything').send({ notification_type: 'TEST_NOTIFICATION' }).expect(401);
  });

  it('runs a reconciliation round without doing anything', async () => {
    expect(await t.container.media.reconciler.syncOpenRequests()).toEqual({ checked: 0, changed: 0, failed: 0 });
  });
});
