import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaStatus, Permission } from '../fakes';
import { startMediaApp, type MediaTestApp } from './media-app';

describe('GET /api/v1/media/search', () => {
  let m: MediaTestApp;
  let token: string;

  beforeAll(async () => {
    m = await startMediaApp();
    // A plain Overseerr user: their requests wait for approval.
    m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, plexUsername: 'sam', permissions: Permission.REQUEST });
    const user = await m.t.createUser({ plexId: '5005' });
    token = (await m.t.tokenFor(user)).token;
    m.fake.setMediaStatus(603, 'movie', MediaStatus.AVAILABLE);
    m.fake.setMediaStatus(604, 'movie', MediaStatus.PENDING);
    m.fake.setMediaStatus(27205, 'movie', MediaStatus.PROCESSING);
    m.fake.setMediaStatus(1399, 'tv', MediaStatus.PARTIALLY_AVAILABLE);
  });
  afterAll(async () => {
    await m.close();
  });

  const search = (q: string, extra = '') => request(m.t.app).get(`/api/v1/media/search?q=${encodeURIComponent(q)}${extra}`).set('authorization', `Bearer ${token}`);

  it('maps Overseerr results to the contract, with TMDB poster URLs and release years', async () => {
    const res = await search('matrix').expect(200);
    expect(res.body).toEqual({
      page: 1,
      totalPages: 1,
      results: [
        {
          tmdbId: 603,
          mediaType: 'movie',
          title: 'The Matrix',
          year: 1999,
          posterUrl: 'https://image.tmdb.org/t/p/w500/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg',
          backdropUrl: 'https://image.tmdb.org/t/p/w1920_and_h800_multi_faces/fNG7i7RqMErkcqhohV2a6cV1Ehy.jpg',
          overview: expect.stringContaining('22nd century'),
          status: 'available',
        },
        expect.objectContaining({ tmdbId: 604, mediaType: 'movie', title: 'The Matrix Reloaded', year: 2003, status: 'requested' }),
      ],
    });
  });

  it('leaves people out and gives each title its availability from the media status', async () => {
    const res = await search('e').expect(200);
    const byId: Record<number, { status: string; requestId?: string }> = Object.fromEntries((res.body.results as Array<{ tmdbId: number; status: string }>).map((r) => [r.tmdbId, r]));
    expect(res.body.results).toHaveLength(5);
    expect(res.body.results.every((r: { mediaType: string }) => r.mediaType === 'movie' || r.mediaType === 'tv')).toBe(true);
    expect(byId[27205]?.status).toBe('processing');
    expect(byId[1399]).toMatchObject({ mediaType: 'tv', title: 'Game of Thrones', year: 2011, status: 'partially_available' });
    expect(byId[1396]).toMatchObject({ mediaType: 'tv', title: 'Breaking Bad', status: 'not_requested' });
    expect(byId[1396]?.requestId).toBeUndefined();
  });

  it('answers an empty list when only people match', async () => {
    const res = await search('keanu').expect(200);
    expect(res.body.results).toEqual([]);
  });

  it('links a title to the user\u2019s own request once they made one', async () => {
    const created = await request(m.t.app)
      .post('/api/v1/media/requests')
      .set('authorization', `Bearer ${token}`)
      .send({ tmdbId: 1396, mediaType: 'tv' })
      .expect(201);
    const res = await search('breaking').expect(200);
    expect(res.body.results[0]).toMatchObject({ tmdbId: 1396, status: 'requested', requestId: created.body.id });
  });

  it('does not show another user\u2019s request id', async () => {
    const other = await m.t.createUser();
    const { token: otherToken } = await m.t.tokenFor(other);
    const res = await request(m.t.app).get('/api/v1/media/search?q=breaking').set('authorization', `Bearer ${otherToken}`).expect(200);
    expect(res.body.results[0].status).toBe('requested');
    expect(res.body.results[0].requestId).toBeUndefined();
  });

  it('passes the query and page to Overseerr', async () => {
    m.fake.clearRequests();
    await search('the matrix', '&page=2').expect(200);
    const sent = m.fake.requests.find((r) => r.path === '/api/v1/search');
    expect(sent?.query).toMatchObject({ query: 'the matrix', page: '2' });
    expect(sent?.headers['x-api-key']).toBe(m.fake.apiKey);
  });

  it('documents the media and webhook routes in the OpenAPI document', async () => {
    const res = await request(m.t.app).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/media/search', '/api/v1/media/requests', '/api/v1/media/requests/{id}', '/api/v1/webhooks/overseerr']),
    );
    expect(res.body.paths['/api/v1/webhooks/overseerr'].post.security).toEqual([]);
  });

  it('answers 400 for an empty or overlong query and 401 without a session', async () => {
    expect((await search('').expect(400)).body.error.code).toBe('VALIDATION_ERROR');
    await search('x'.repeat(101)).expect(400);
    await request(m.t.app).get('/api/v1/media/search?q=matrix').expect(401);
  });
});
