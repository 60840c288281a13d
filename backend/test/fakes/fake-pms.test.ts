/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read the fakes' JSON bodies ad hoc */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_ACCEPT, call } from './call';
import { FakePlexServer } from './index';

describe('FakePlexServer (docs/UPSTREAMS.md B)', () => {
  const pms = FakePlexServer.withSampleLibrary({ movies: 300, shows: 40, seasonsPerShow: 3, episodesPerSeason: 6, collections: 5 });
  let base = '';
  const auth = { ...JSON_ACCEPT, 'X-Plex-Token': pms.token };
  beforeAll(async () => {
    base = await pms.start();
  });
  afterAll(() => pms.stop());

  it('answers a hub search with no section to search as an HTML 404', async () => {
    const res = await call(`${base}/hubs/search?query=matrix&sectionId=99`, { headers: auth });
    expect(res.status).toBe(404);
    expect(res.type).toContain('text/html');
  });

  it('serves /identity without a token', async () => {
    const res = await call(`${base}/identity`, { headers: JSON_ACCEPT });
    expect(res.body).toEqual({ MediaContainer: { size: 0, claimed: true, machineIdentifier: pms.machineIdentifier, version: pms.version } });
  });

  it('answers 401 as text/html (modern page with the script tag) even when JSON was asked', async () => {
    const res = await call(`${base}/library/sections`, { headers: { ...JSON_ACCEPT, 'X-Plex-Token': 'wrong' } });
    expect(res.status).toBe(401);
    expect(res.type).toContain('text/html');
    expect(res.text).toContain("<script>window.location = window.location.href.match(/(^.+\\/)[^\\/]*$/)[1] + 'web/index.html';</script><title>Unauthorized</title>");
    expect((await call(`${base}/library/sections?X-Plex-Token=${pms.token}`, { headers: JSON_ACCEPT })).status).toBe(200);
  });

  it('lists the three sample sections', async () => {
    const res = await call(`${base}/library/sections`, { headers: auth });
    expect(res.body.MediaContainer.Directory.map((d: any) => [d.key, d.type, d.title])).toEqual([['1', 'movie', 'Movies'], ['2', 'show', 'TV Shows'], ['3', 'artist', 'Music']]);
  });

  it('pages listings by header or query and reports totals in body and headers', async () => {
    const byHeader = await call(`${base}/library/sections/1/all?includeGuids=1`, { headers: { ...auth, 'X-Plex-Container-Start': '50', 'X-Plex-Container-Size': '25' } });
    expect(byHeader.body.MediaContainer).toMatchObject({ size: 25, totalSize: 300, offset: 50 });
    expect(byHeader.headers.get('x-plex-container-start')).toBe('50');
    expect(byHeader.headers.get('x-plex-container-total-size')).toBe('300');
    const byQuery = await call(`${base}/library/sections/1/all?X-Plex-Container-Start=290&X-Plex-Container-Size=25`, { headers: auth });
    expect(byQuery.body.MediaContainer).toMatchObject({ size: 10, totalSize: 300, offset: 290 });
    const countOnly = await call(`${base}/library/sections/1/all?X-Plex-Container-Start=0&X-Plex-Container-Size=0`, { headers: auth });
    expect(countOnly.body.MediaContainer).toMatchObject({ size: 0, totalSize: 300 });
    expect(countOnly.body.MediaContainer.Metadata).toEqual([]);
  });

  it('includes Guid[] in listings only with includeGuids=1, and sorts like Plex', async () => {
    const plain = await call(`${base}/library/sections/1/all?sort=addedAt:desc`, { headers: auth });
    const items = plain.body.MediaContainer.Metadata as any[];
    expect(items[0].Guid).toBeUndefined();
    expect(items.map((i) => i.addedAt)).toEqual([...items.map((i) => i.addedAt)].sort((a, b) => b - a));
    expect(typeof items[0].ratingKey).toBe('string');
    const withGuids = await call(`${base}/library/sections/1/all?includeGuids=1&sort=titleSort`, { headers: auth });
    const matrix = withGuids.body.MediaContainer.Metadata.find((i: any) => i.title === 'The Matrix');
    expect(matrix).toMatchObject({ year: 1999, type: 'movie', titleSort: 'Matrix', Guid: [{ id: 'imdb://tt0133093' }, { id: 'tmdb://603' }, { id: 'tvdb://169' }] });
    expect(matrix.thumb).toMatch(new RegExp(`^/library/metadata/${matrix.ratingKey}/thumb/\\d+$`));
    expect((await call(`${base}/library/sections/1/all?sort=bogus`, { headers: auth })).status).toBe(400);
  });

  it('filters by type (4 = episodes) and answers metadata with Guid[] and Children', async () => {
    const episodes = await call(`${base}/library/sections/2/all?type=4&X-Plex-Container-Size=0`, { headers: auth });
    expect(episodes.body.MediaContainer.totalSize).toBe(40 * 3 * 6);
    const got = pms.findByTitle('Game of Thrones');
    const show = await call(`${base}/library/metadata/${got?.ratingKey}?includeChildren=1`, { headers: auth });
    const meta = show.body.MediaContainer.Metadata[0];
    expect(meta).toMatchObject({ type: 'show', key: `/library/metadata/${got?.ratingKey}/children`, childCount: 3, leafCount: 18, Guid: [{ id: 'imdb://tt0944947' }, { id: 'tmdb://1399' }, { id: 'tvdb://121361' }] });
    expect(meta.Children.size).toBe(3);
    const seasons = await call(`${base}/library/metadata/${got?.ratingKey}/children`, { headers: auth });
    const season1 = seasons.body.MediaContainer.Metadata[0];
    expect(season1).toMatchObject({ type: 'season', index: 1, parentRatingKey: got?.ratingKey });
    const eps = await call(`${base}/library/metadata/${season1.ratingKey}/children`, { headers: auth });
    expect(eps.body.MediaContainer.Metadata[5]).toMatchObject({ type: 'episode', index: 6, parentIndex: 1, grandparentTitle: 'Game of Thrones' });
    const missing = await call(`${base}/library/metadata/999999`, { headers: auth });
    expect([missing.status, missing.type]).toEqual([404, 'text/html']);
    expect(missing.text).toContain('<h1>404 Not Found</h1>');
  });

  it('serves collections and their children', async () => {
    const cols = await call(`${base}/library/sections/1/collections`, { headers: auth });
    expect(cols.body.MediaContainer.size).toBe(5);
    const matrixCol = cols.body.MediaContainer.Metadata.find((c: any) => c.title === 'The Matrix Collection');
    expect(matrixCol).toMatchObject({ type: 'collection', subtype: 'movie', key: `/library/collections/${matrixCol.ratingKey}/children` });
    const kids = await call(`${base}${matrixCol.key}`, { headers: auth });
    expect(kids.body.MediaContainer.Metadata.length).toBe(matrixCol.childCount);
    expect(kids.body.MediaContainer.Metadata.some((m: any) => m.title === 'The Matrix')).toBe(true);
  });

  it('searches hubs: empty hubs have no Metadata key, genres come as Directory', async () => {
    const res = await call(`${base}/hubs/search?query=matrix&limit=5`, { headers: auth });
    const hubs = res.body.MediaContainer.Hub as any[];
    const movies = hubs.find((h) => h.type === 'movie');
    expect(movies.Metadata[0]).toMatchObject({ title: 'The Matrix', type: 'movie' });
    expect(typeof movies.Metadata[0].score).toBe('string');
    expect(hubs.find((h) => h.type === 'show')).not.toHaveProperty('Metadata');
    const genres = await call(`${base}/hubs/search?query=action`, { headers: auth });
    const genreHub = genres.body.MediaContainer.Hub.find((h: any) => h.type === 'genre');
    expect(genreHub.Directory[0]).toMatchObject({ tag: 'Action', tagType: 1, reason: 'section' });
  });

  it('lists recently added items newest first', async () => {
    const res = await call(`${base}/library/recentlyAdded?X-Plex-Container-Start=0&X-Plex-Container-Size=20`, { headers: auth });
    const added = (res.body.MediaContainer.Metadata as any[]).map((m) => m.addedAt);
    expect(added).toEqual([...added].sort((a, b) => b - a));
    expect(res.body.MediaContainer.size).toBe(20);
  });

  it('transcodes known thumbs to image bytes and 404s unknown paths', async () => {
    const matrix = pms.findByTitle('The Matrix');
    const url = encodeURIComponent(`/library/metadata/${matrix?.ratingKey}/thumb/${matrix?.updatedAt}`);
    const res = await fetch(`${base}/photo/:/transcode?url=${url}&width=300&height=450&minSize=1&upscale=1&X-Plex-Token=${pms.token}`);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect([...new Uint8Array(await res.arrayBuffer()).slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const bad = await fetch(`${base}/photo/:/transcode?url=${encodeURIComponent('/library/metadata/1/thumb/1')}&width=10&height=10&X-Plex-Token=${pms.token}`);
    expect([bad.status, bad.headers.get('content-type')]).toEqual([404, 'text/html']);
  });

  it('answers XML without Accept: application/json, and generates the same library every time', async () => {
    const res = await call(`${base}/library/sections/1/all?X-Plex-Container-Size=2`, { headers: { 'X-Plex-Token': pms.token } });
    expect(res.type).toContain('text/xml');
    expect(res.text).toMatch(/^<\?xml[\s\S]*<MediaContainer [^>]*totalSize="300"[\s\S]*<Video ratingKey="\d+"/);
    const again = FakePlexServer.withSampleLibrary();
    expect([...again.library.items.values()].map((i) => `${i.ratingKey}:${i.title}:${i.addedAt}`)).toEqual([...pms.library.items.values()].map((i) => `${i.ratingKey}:${i.title}:${i.addedAt}`));
  });

  it('answers 503 in down mode', async () => {
    await pms.setMode('down');
    expect((await call(`${base}/identity`)).status).toBe(503);
    await pms.setMode('up');
  });
});
