import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePlexServer, MediaStatus, Permission } from '../fakes';
import { startMediaApp, type MediaTestApp } from './media-app';

const DAY = 86_400_000;

describe('Discover rows, title pages and quota', () => {
  let m: MediaTestApp;
  let pms: FakePlexServer;
  let sam: string;
  let admin: string;

  beforeAll(async () => {
    // The Plex library holds The Matrix (tmdb 603) and Game of Thrones (tmdb 1399).
    pms = FakePlexServer.withSampleLibrary();
    await pms.start();
    m = await startMediaApp({ env: { PLEX_SERVER_URL: pms.url, PLEX_TOKEN: pms.token } });
    m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, plexUsername: 'sam', permissions: Permission.REQUEST, tvQuotaLimit: 10, tvQuotaDays: 7 });
    m.fake.addUser({ id: 3, email: 'olga@example.com', plexId: 6006, plexUsername: 'olga', permissions: Permission.REQUEST });
    const soon = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    m.fake.addTitle({ tmdbId: 950_001, mediaType: 'movie', title: 'Future Film', year: Number(soon.slice(0, 4)), releaseDate: soon, popularity: 5 });
    m.fake.addTitle({ tmdbId: 950_002, mediaType: 'tv', title: 'Future Show', year: Number(soon.slice(0, 4)), releaseDate: soon, seasons: 1 });
    const samUser = await m.t.createUser({ username: 'sam', plexId: '5005' });
    // The owner shares every library with sam (as read from plex.tv at sign-in).
    const now = new Date();
    await m.t.container.db.prisma.plexShare.create({ data: { userId: samUser.id, kind: 'shared', allLibraries: true, sectionKeys: [], checkedAt: now, changedAt: now } });
    sam = (await m.t.tokenFor(samUser)).token;
    admin = (await m.t.tokenFor(await m.t.createUser({ username: 'boss', role: 'admin', plexId: '1' }))).token;
  });
  it('never marks a title as in the library for someone whose share leaves that library out', async () => {
    const tvOnly = await m.t.createUser({ username: 'tvonly', plexId: '7007' });
    const now = new Date();
    const movies = (await m.t.container.plex.serverLibraries()).filter((l) => l.type === 'movie').map((l) => l.id);
    const others = (await m.t.container.plex.serverLibraries()).filter((l) => l.type !== 'movie').map((l) => l.id);
    expect(movies.length).toBeGreaterThan(0);
    await m.t.container.db.prisma.plexShare.create({ data: { userId: tvOnly.id, kind: 'shared', allLibraries: false, sectionKeys: others, checkedAt: now, changedAt: now } });
    const token = (await m.t.tokenFor(tvOnly)).token;
    const res = await get('/movie/603', token).expect(200);
    expect(res.body.libraryItemId).toBeUndefined();
    const mine = await get('/movie/603').expect(200);
    expect(mine.body.libraryItemId).toMatch(/^\d+$/);
  });

  afterAll(async () => {
    await m.close();
    await pms.stop();
  });

  const get = (path: string, token = sam) => request(m.t.app).get(`/api/v1/media${path}`).set('authorization', `Bearer ${token}`);
  const post = (body: object, token = sam) => request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${token}`).send(body);

  it('lists trending titles, most popular first, without people', async () => {
    const res = await get('/discover/trending').expect(200);
    expect(res.body.page).toBe(1);
    expect(res.body.results.map((r: { title: string }) => r.title).slice(0, 3)).toEqual(['Game of Thrones', 'Breaking Bad', 'Inception']);
    expect(res.body.results.some((r: { title: string }) => r.title === 'Keanu Reeves')).toBe(false);
    expect(m.fake.requests.some((r) => r.path === '/api/v1/discover/trending' && r.query.page === '1')).toBe(true);
  });

  it('splits popular and upcoming rows by type and release date', async () => {
    const movies = (await get('/discover/popular-movies').expect(200)).body.results;
    expect(movies.every((r: { mediaType: string }) => r.mediaType === 'movie')).toBe(true);
    expect(movies.map((r: { tmdbId: number }) => r.tmdbId)).toContain(603);
    const upcomingMovies = (await get('/discover/upcoming-movies').expect(200)).body.results;
    expect(upcomingMovies.map((r: { title: string }) => r.title)).toEqual(['Future Film']);
    const upcomingTv = (await get('/discover/upcoming-tv').expect(200)).body.results;
    expect(upcomingTv.map((r: { title: string }) => r.title)).toEqual(['Future Show']);
    const tv = (await get('/discover/popular-tv?page=1').expect(200)).body;
    expect(tv.results.map((r: { mediaType: string }) => r.mediaType)).not.toContain('movie');
  });

  it('passes the page on and refuses unknown rows and pages', async () => {
    const res = await get('/discover/popular-movies?page=2').expect(200);
    expect(res.body).toMatchObject({ page: 2, results: [] });
    expect((await get('/discover/everything').expect(400)).body.error.code).toBe('VALIDATION_ERROR');
    await get('/discover/trending?page=0').expect(400);
    await get('/discover/trending?page=501').expect(400);
  });

  it('marks titles that are in the Plex library as available, with the library item', async () => {
    const res = await get('/discover/popular-movies').expect(200);
    const matrix = res.body.results.find((r: { tmdbId: number }) => r.tmdbId === 603);
    expect(matrix).toMatchObject({ status: 'available', libraryItemId: expect.stringMatching(/^\d+$/) });
    const inception = res.body.results.find((r: { tmdbId: number }) => r.tmdbId === 27205);
    expect(inception.status).toBe('not_requested');
    expect(inception.libraryItemId).toBeUndefined();
    const item = await request(m.t.app).get(`/api/v1/plex/items/${matrix.libraryItemId}`).set('authorization', `Bearer ${sam}`).expect(200);
    expect(item.body.title).toBe('The Matrix');
    // Search shows the same card.
    const search = await get('/search?q=matrix').expect(200);
    expect(search.body.results[0]).toMatchObject({ tmdbId: 603, status: 'available', libraryItemId: matrix.libraryItemId });
  });

  it('says 503 naming Overseerr when its discover lists fail', async () => {
    m.fake.discoverFails = true;
    try {
      const res = await get('/discover/upcoming-tv').expect(503);
      expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'overseerr' });
    } finally {
      m.fake.discoverFails = false;
    }
  });

  it('shows a movie title page with details, cast, trailer and the library item', async () => {
    const res = await get('/movie/603').expect(200);
    expect(res.body).toMatchObject({
      tmdbId: 603,
      mediaType: 'movie',
      title: 'The Matrix',
      year: 1999,
      releaseDate: '1999-03-31',
      genres: ['Action', 'Science Fiction'],
      runtimeMinutes: 136,
      rating: 8.2,
      trailerUrl: 'https://www.youtube.com/watch?v=vKQi3bBA1y8',
      backdropUrl: 'https://image.tmdb.org/t/p/w1920_and_h800_multi_faces/fNG7i7RqMErkcqhohV2a6cV1Ehy.jpg',
      status: 'available',
      action: 'available',
      seasons: [],
    });
    expect(res.body.cast[0]).toEqual({ name: 'Keanu Reeves', character: 'Neo', profileUrl: 'https://image.tmdb.org/t/p/w300_and_h450_face/4D0PpNI0kmP58hgrwGC3wCjxhnm.jpg' });
    expect(res.body.libraryItemId).toMatch(/^\d+$/);
  });

  it('answers 503 naming Overseerr when it cannot load a title (its catch-all 500 also covers unknown ids), and 400 for a bad id', async () => {
    const res = await get('/movie/999999').expect(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'overseerr' });
    expect(res.body.error.message).toMatch(/could not load this movie/);
    await get('/tv/abc').expect(400);
  });

  it('offers a movie nobody requested, then says requested once asked', async () => {
    expect((await get('/movie/27205').expect(200)).body).toMatchObject({ status: 'not_requested', action: 'request', plexUrl: null });
    await post({ tmdbId: 27205, mediaType: 'movie' }).expect(201);
    expect((await get('/movie/27205').expect(200)).body).toMatchObject({ status: 'requested', action: 'requested', requestStatus: 'pending' });
  });

  it('shows a partly available show with each regular season in its state and a Watch on Plex link', async () => {
    // Olga asked for season 3 (pending); Plex has season 1 complete and part of season 2.
    m.fake.scanShow(1396, { 1: MediaStatus.AVAILABLE, 2: MediaStatus.PARTIALLY_AVAILABLE }, '7001');
    const olga = m.fake.store.createRequest({ mediaType: 'tv', mediaId: 1396, seasons: [3] }, m.fake.users.get(3)!);
    expect(olga.status).toBe(201);
    const res = await get('/tv/1396').expect(200);
    expect(res.body).toMatchObject({ title: 'Breaking Bad', status: 'partially_available', action: 'request_more', runtimeMinutes: 60 });
    expect(res.body.plexUrl).toBe('https://app.plex.tv/desktop#!/server/96f2fe7a78c9dc1f16a16bedbe90f98149be16b4/details?key=%2Flibrary%2Fmetadata%2F7001');
    expect(res.body.seasons.map((s: { seasonNumber: number; status: string; requestable: boolean }) => [s.seasonNumber, s.status, s.requestable])).toEqual([
      [1, 'available', false],
      [2, 'partially_available', false],
      [3, 'requested', false],
      [4, 'not_requested', true],
      [5, 'not_requested', true],
    ]);
  });

  it('requests the remaining seasons, and refuses seasons already asked for', async () => {
    const first = await post({ tmdbId: 1396, mediaType: 'tv', seasons: [4] }).expect(201);
    expect(first.body.seasons).toEqual([4]);
    // Sam's own season 4 request blocks asking for it again, not season 5.
    expect((await post({ tmdbId: 1396, mediaType: 'tv', seasons: [4, 5] }).expect(409)).body.error.code).toBe('DUPLICATE_REQUEST');
    await post({ tmdbId: 1396, mediaType: 'tv', seasons: [5] }).expect(201);
    const page = (await get('/tv/1396').expect(200)).body;
    expect(page.seasons.map((s: { status: string }) => s.status)).toEqual(['available', 'partially_available', 'requested', 'requested', 'requested']);
    expect(page.action).toBe('requested');
    const sent = m.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/request').map((r) => r.body);
    expect(sent.slice(-2)).toEqual([
      { mediaType: 'tv', mediaId: 1396, is4k: false, seasons: [4] },
      { mediaType: 'tv', mediaId: 1396, is4k: false, seasons: [5] },
    ]);
  });

  it('says declined (not "not requested") once the user\u2019s request is declined', async () => {
    const mine = await post({ tmdbId: 604, mediaType: 'movie' }).expect(201);
    m.fake.setRequestStatus(mine.body.overseerrRequestId, 3);
    await m.t.container.media.reconciler.syncOpenRequests();
    const page = (await get('/movie/604').expect(200)).body;
    expect(page).toMatchObject({ status: 'not_requested', requestStatus: 'declined', action: 'declined' });
    const card = (await get('/search?q=reloaded').expect(200)).body.results[0];
    expect(card).toMatchObject({ tmdbId: 604, requestStatus: 'declined' });
  });

  it('shows the Overseerr quota and the hourly limit', async () => {
    const res = await get('/quota').expect(200);
    expect(res.body.overseerr).toEqual({
      movie: { limit: 0, used: 0, remaining: null, days: 7, restricted: false },
      tv: { limit: 10, used: 2, remaining: 8, days: 7, restricted: false },
    });
    expect(res.body.hourly).toMatchObject({ limit: 20, used: 4, remaining: 16, resetsAt: expect.any(String) });
    const adminQuota = await get('/quota', admin).expect(200);
    expect(adminQuota.body.overseerr.movie).toMatchObject({ limit: 0, restricted: false });
    expect(adminQuota.body.hourly).toMatchObject({ used: 0, resetsAt: null });
  });
});
