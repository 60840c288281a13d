import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePlexServer } from '../fakes';
import { buildTestApp, type TestApp } from '../support/test-app';

/** Plex's recently added → followed titles available, and new episodes batched per show. */
describe('library watch', () => {
  const plex = FakePlexServer.withSampleLibrary({ movies: 4, shows: 2, seasonsPerShow: 1, episodesPerSeason: 3, artists: 0, collections: 0 });
  let t: TestApp;
  let ann: User;
  let bob: User;
  const notes = async (u: User) => (await t.container.db.prisma.notification.findMany({ where: { userId: u.id }, orderBy: { createdAt: 'asc' } })).map((n) => n.title);
  const follow = async (u: User, path: string) => request(t.app).put(`/api/v1/follows/${path}`).set({ authorization: `Bearer ${(await t.tokenFor(u)).token}` }).send({}).expect(201);

  beforeAll(async () => {
    await plex.start();
    t = await buildTestApp({ env: { PLEX_SERVER_URL: plex.url, PLEX_TOKEN: plex.token, PLEX_CLIENT_ID: 'medianest-test-client' } });
    ann = await t.createUser({ username: 'ann' });
    bob = await t.createUser({ username: 'bob' });
  });
  afterAll(async () => {
    await t?.close();
    await plex.stop();
  });

  it('announces nothing on the first round: what is already there is the baseline', async () => {
    await follow(ann, 'tv/1399');
    await follow(bob, 'tv/1399');
    await follow(ann, 'movie/777001');
    await follow(ann, 'tv/888001');
    expect(await t.container.follows.libraryWatcher.run()).toEqual({ movies: 0, shows: 0, episodes: 0 });
    expect(await notes(ann)).toEqual([]);
  });

  it('a season dropping at once is one notification per follower; a new movie or show is "available" once', async () => {
    const lib = plex.library;
    const got = lib.findByTitle('Game of Thrones')!;
    const now = 1_800_000_000;
    const season2 = lib.addItem({ sectionKey: '2', type: 'season', title: 'Season 2', parentRatingKey: got.ratingKey, index: 2, addedAt: now });
    for (let e = 1; e <= 8; e++) lib.addItem({ sectionKey: '2', type: 'episode', title: `Episode ${e}`, parentRatingKey: season2.ratingKey, index: e, addedAt: now + e });
    lib.addItem({ sectionKey: '1', type: 'movie', title: 'Brand New Film', year: 2026, addedAt: now + 100, guids: ['tmdb://777001'] });
    const show = lib.addItem({ sectionKey: '2', type: 'show', title: 'Fresh Show', addedAt: now + 200, guids: ['tmdb://888001'] });
    const s1 = lib.addItem({ sectionKey: '2', type: 'season', title: 'Season 1', parentRatingKey: show.ratingKey, index: 1, addedAt: now + 200 });
    for (let e = 1; e <= 2; e++) lib.addItem({ sectionKey: '2', type: 'episode', title: `Episode ${e}`, parentRatingKey: s1.ratingKey, index: e, addedAt: now + 200 + e });

    expect(await t.container.follows.libraryWatcher.run()).toEqual({ movies: 1, shows: 1, episodes: 2 });
    expect((await notes(ann)).sort()).toEqual(['8 new episodes of Game of Thrones', 'Brand New Film is available', 'Fresh Show is available']);
    expect(await notes(bob)).toEqual(['8 new episodes of Game of Thrones']);
    const episodes = await t.container.db.prisma.notification.findFirstOrThrow({ where: { userId: bob.id } });
    expect(episodes.data).toMatchObject({ count: 8, link: `/item/${got.ratingKey}` });

    // Nothing new: nothing more.
    await t.container.follows.libraryWatcher.run();
    expect((await notes(ann)).length).toBe(3);
    // One more episode later is its own small batch.
    lib.addItem({ sectionKey: '2', type: 'episode', title: 'Episode 9', parentRatingKey: season2.ratingKey, index: 9, addedAt: now + 300 });
    await t.container.follows.libraryWatcher.run();
    expect(await notes(bob)).toEqual(['8 new episodes of Game of Thrones', '1 new episode of Game of Thrones']);
  });
});
