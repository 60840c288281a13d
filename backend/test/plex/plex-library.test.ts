import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thumbPath, type PlexItem } from '../fakes';
import { byTitleSort, startPlexApp, type PlexTestApp } from './plex-support';

const IMAGE_URL = /^\/api\/v1\/plex\/image\?path=%2Flibrary%2F[^&]+&w=\d+&h=\d+&exp=\d+&sig=[A-Za-z0-9_-]{43}$/;

describe('Plex library API', () => {
  let s: PlexTestApp;
  /** Every body the API sent in this file, scanned for the token at the end. */
  const bodies: string[] = [];
  const get = async (path: string, status = 200) => {
    const res = await s.get(path).expect(status);
    bodies.push(res.text);
    return res;
  };
  const movie = (title: string): PlexItem => {
    const item = s.plex.findByTitle(title);
    if (!item) throw new Error(`no ${title} in the fake library`);
    return item;
  };

  beforeAll(async () => {
    s = await startPlexApp();
  });
  afterAll(async () => {
    await s.close();
  });

  it('lists the libraries with their id, title and type', async () => {
    const res = await get('/api/v1/plex/libraries');
    expect(res.body).toEqual({
      items: [
        { id: '1', title: 'Movies', type: 'movie' },
        { id: '2', title: 'TV Shows', type: 'show' },
        { id: '3', title: 'Music', type: 'artist' },
      ],
    });
  });

  it('answers 401 without a signed-in user', async () => {
    const res = await request(s.t.app).get('/api/v1/plex/libraries').expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('maps a movie to a MediaItem with tmdb, imdb and tvdb ids from Guid[]', async () => {
    const matrix = movie('The Matrix');
    const res = await get(`/api/v1/plex/items/${matrix.ratingKey}`);
    expect(res.body).toEqual({
      id: matrix.ratingKey,
      libraryId: '1',
      type: 'movie',
      title: 'The Matrix',
      year: 1999,
      thumbUrl: expect.stringMatching(IMAGE_URL),
      addedAt: new Date(matrix.addedAt * 1000).toISOString(),
      guids: { imdb: 'tt0133093', tmdb: '603', tvdb: '169' },
      summary: matrix.summary,
      children: [],
      runtimeMinutes: Math.round(matrix.duration! / 60_000),
      genres: ['Action', 'Science Fiction'],
      rating: matrix.rating,
      contentRating: 'R',
      cast: [
        { name: 'Keanu Reeves', character: 'Neo' },
        { name: 'Carrie-Anne Moss', character: 'Trinity' },
      ],
      // "Watch on Plex": the item in Plex's web app on this server.
      plexUrl: `https://app.plex.tv/desktop#!/server/${s.plex.machineIdentifier}/details?key=%2Flibrary%2Fmetadata%2F${matrix.ratingKey}`,
    });
    expect(new URL(res.body.thumbUrl, 'http://x').searchParams.get('path')).toBe(thumbPath(matrix));
  });

  it('gives an unmatched movie empty guids', async () => {
    const unmatched = [...s.plex.library.items.values()].find((i) => i.type === 'movie' && i.guids.length === 0);
    const res = await get(`/api/v1/plex/items/${unmatched?.ratingKey}`);
    expect(res.body.guids).toEqual({});
  });

  it('lists the seasons of a show and the episodes of a season as children', async () => {
    const got = movie('Game of Thrones');
    const show = await get(`/api/v1/plex/items/${got.ratingKey}`);
    expect(show.body).toMatchObject({ type: 'show', title: 'Game of Thrones', year: 2011, guids: { tmdb: '1399', tvdb: '121361', imdb: 'tt0944947' } });
    expect(show.body.children.map((c: { title: string; type: string }) => `${c.type}:${c.title}`)).toEqual(['season:Season 1', 'season:Season 2', 'season:Season 3']);
    expect(show.body.children[0]).toMatchObject({ libraryId: '2', thumbUrl: expect.stringMatching(IMAGE_URL) });

    const season = await get(`/api/v1/plex/items/${show.body.children[0].id}`);
    expect(season.body.children).toHaveLength(6);
    expect(season.body.children[0]).toMatchObject({ type: 'episode', title: 'Episode 1', libraryId: '2', guids: { tvdb: expect.any(String) } });
  });

  it('pages a library sorted by title, with the total', async () => {
    const expected = s.plex.library.sectionItems('1', 'movie').sort(byTitleSort).map((i) => i.ratingKey);
    const res = await get('/api/v1/plex/libraries/1/items?page=2&pageSize=25&sort=title');
    expect(res.body).toMatchObject({ total: 300, page: 2, pageSize: 25 });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(expected.slice(25, 50));
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      libraryId: '1',
      type: 'movie',
      title: expect.any(String),
      year: expect.any(Number),
      thumbUrl: expect.stringMatching(IMAGE_URL),
      addedAt: expect.any(String),
      guids: expect.any(Object),
    });
  });

  it('uses 20 items sorted by title when no page, size or sort is given', async () => {
    const expected = s.plex.library.sectionItems('1', 'movie').sort(byTitleSort).slice(0, 20).map((i) => i.ratingKey);
    const res = await get('/api/v1/plex/libraries/1/items');
    expect(res.body).toMatchObject({ total: 300, page: 1, pageSize: 20 });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(expected);
  });

  it('sorts by date added and by year, newest first', async () => {
    const added = await get('/api/v1/plex/libraries/1/items?sort=addedAt&pageSize=50');
    const addedAt = added.body.items.map((i: { addedAt: string }) => Date.parse(i.addedAt));
    expect(addedAt).toEqual([...addedAt].sort((a, b) => b - a));
    const newest = Math.max(...s.plex.library.sectionItems('1', 'movie').map((i) => i.addedAt));
    expect(addedAt[0]).toBe(newest * 1000);

    const byYear = await get('/api/v1/plex/libraries/1/items?sort=year&pageSize=50');
    const years = byYear.body.items.map((i: { year: number }) => i.year);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(years[0]).toBe(Math.max(...s.plex.library.sectionItems('1', 'movie').map((i) => i.year ?? 0)));
  });

  it('answers an empty page past the end', async () => {
    const res = await get('/api/v1/plex/libraries/1/items?page=100&pageSize=20');
    expect(res.body).toEqual({ items: [], total: 300, page: 100, pageSize: 20 });
  });

  it('rejects a page size above 100, page 0 and an unknown sort with 400', async () => {
    for (const query of ['pageSize=101', 'page=0', 'sort=rating']) {
      const res = await get(`/api/v1/plex/libraries/1/items?${query}`, 400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('answers 404 for unknown library, item and collection ids', async () => {
    for (const path of ['/libraries/99/items', '/libraries/abc/items', '/items/99999999', '/items/..%2F..%2Fstatus', '/collections/99999999/items', '/collections?libraryId=99']) {
      const res = await get(`/api/v1/plex${path}`, 404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('answers 404 for a collection id that is a movie', async () => {
    const res = await get(`/api/v1/plex/collections/${movie('The Matrix').ratingKey}/items`, 404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('lists collections of a library and of all libraries', async () => {
    const collections = [...s.plex.library.collections.values()];
    const one = await get('/api/v1/plex/collections?libraryId=1');
    expect(one.body.items).toHaveLength(collections.length);
    const matrix = one.body.items.find((c: { title: string }) => c.title === 'The Matrix Collection');
    const fakeMatrix = collections.find((c) => c.title === 'The Matrix Collection');
    expect(matrix).toEqual({ id: fakeMatrix?.ratingKey, title: 'The Matrix Collection', childCount: fakeMatrix?.itemRatingKeys.length, thumbUrl: expect.stringMatching(IMAGE_URL) });

    const all = await get('/api/v1/plex/collections');
    expect(all.body.items.map((c: { id: string }) => c.id).sort()).toEqual(collections.map((c) => c.ratingKey).sort());
  });

  it('pages the items of a collection', async () => {
    const collection = [...s.plex.library.collections.values()].find((c) => c.title === 'The Matrix Collection');
    const members = collection?.itemRatingKeys ?? [];
    const res = await get(`/api/v1/plex/collections/${collection?.ratingKey}/items?pageSize=3`);
    expect(res.body).toMatchObject({ total: members.length, page: 1, pageSize: 3 });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual(members.slice(0, 3));
    expect(res.body.items[0]).toMatchObject({ title: 'The Matrix', libraryId: '1', guids: { tmdb: '603' } });
  });

  it('searches every library and returns MediaItems, best match first', async () => {
    const res = await get('/api/v1/plex/search?q=matrix');
    expect(res.body.items[0]).toMatchObject({ id: movie('The Matrix').ratingKey, type: 'movie', title: 'The Matrix', year: 1999, libraryId: '1' });
    // The collection hub is not a MediaItem.
    expect(res.body.items.some((i: { type: string }) => i.type === 'collection')).toBe(false);

    const thrones = await get('/api/v1/plex/search?q=Thrones');
    expect(thrones.body.items.map((i: { title: string }) => i.title)).toContain('Game of Thrones');
  });

  it('answers an empty list when nothing matches', async () => {
    const res = await get('/api/v1/plex/search?q=zzzzqqq');
    expect(res.body).toEqual({ items: [] });
  });

  it('requires q of 1 to 100 characters', async () => {
    for (const q of ['', '%20%20', 'x'.repeat(101)]) await get(`/api/v1/plex/search?q=${q}`, 400);
    await get('/api/v1/plex/search', 400);
  });

  it('lists recently added items newest first, 20 by default, up to the limit', async () => {
    const res = await get('/api/v1/plex/recently-added');
    expect(res.body.items).toHaveLength(20);
    const times = res.body.items.map((i: { addedAt: string }) => Date.parse(i.addedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const five = await get('/api/v1/plex/recently-added?limit=5');
    expect(five.body.items.map((i: { id: string }) => i.id)).toEqual(res.body.items.slice(0, 5).map((i: { id: string }) => i.id));
  });

  it('rejects a recently-added limit outside 1..50', async () => {
    await get('/api/v1/plex/recently-added?limit=0', 400);
    await get('/api/v1/plex/recently-added?limit=51', 400);
  });

  it('documents the Plex routes in the OpenAPI document', async () => {
    const res = await request(s.t.app).get('/api/docs/openapi.json').expect(200);
    for (const path of ['/libraries', '/libraries/{id}/items', '/items/{id}', '/collections', '/collections/{id}/items', '/search', '/recently-added', '/image']) {
      expect(res.body.paths).toHaveProperty([`/api/v1/plex${path}`]);
    }
  });

  it('sends Plex its token and client identifier as headers, never in the URL', async () => {
    // The service monitor's /identity probe is another module's; only library calls are ours.
    const ours = s.plex.requests.filter((r) => r.path !== '/identity');
    expect(ours.length).toBeGreaterThan(0);
    const persisted = await s.t.container.db.prisma.setting.findUnique({ where: { key: 'plex.clientId' } });
    for (const r of ours) {
      expect(r.url).not.toMatch(/X-Plex-Token/i);
      expect(r.headers['x-plex-token']).toBe(s.plex.token);
      expect(r.headers['x-plex-client-identifier']).toBe(persisted?.value ?? 'medianest');
      expect(r.headers.accept).toBe('application/json');
    }
  });

  it('times Plex calls and counts cache hits in the metrics', async () => {
    await get('/api/v1/plex/libraries');
    const res = await request(s.t.app).get('/metrics').set('Authorization', `Bearer ${s.t.config.metricsToken}`).expect(200);
    expect(res.text).toMatch(/medianest_upstream_request_duration_seconds_count\{service="plex",outcome="ok"\} [1-9]/);
    expect(res.text).toMatch(/medianest_cache_requests_total\{result="hit"\} [1-9]/);
  });

  it('never puts the Plex token in a response body or a log line', () => {
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) expect(body).not.toContain(s.plex.token);
    expect(s.t.logs.text()).not.toContain(s.plex.token);
  });
});
