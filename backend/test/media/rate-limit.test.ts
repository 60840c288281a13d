import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequester, startMediaApp, type MediaTestApp } from './media-app';

describe('RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR', () => {
  let m: MediaTestApp;
  let token: string;
  beforeAll(async () => {
    m = await startMediaApp({ env: { RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR: '2' } });
    token = (await m.t.tokenFor(await createRequester(m.t, m.fake, 5101))).token;
  });
  afterAll(async () => {
    await m.close();
  });

  const create = (tmdbId: number) => request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${token}`).send({ tmdbId, mediaType: 'movie' });

  it('counts only created requests, then answers 429 RATE_LIMITED with Retry-After until the hour is over', async () => {
    await create(603).expect(201);
    await create(603).expect(409); // a refused request does not count
    await create(424242).expect(503); // Overseerr could not load the title: nothing created, nothing counted
    await create(604).expect(201);
    const posts = m.fake.countRequests('/api/v1/request');
    const res = await create(27205).expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(m.fake.countRequests('/api/v1/request')).toBe(posts);
  });

  it('limits each user separately', async () => {
    const other = (await m.t.tokenFor(await createRequester(m.t, m.fake, 5102))).token;
    await request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${other}`).send({ tmdbId: 27205, mediaType: 'movie' }).expect(201);
  });
});
