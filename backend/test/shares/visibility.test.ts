import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIDS_MOVIES, librariesOf, startSharesApp, type SharesApp, type SignedIn } from './shares-support';

const withoutRequestId = (body: { error: Record<string, unknown> }) => ({ ...body.error, requestId: undefined });

type Item = { id: string; libraryId: string | null; title: string; thumbUrl: string | null };

describe('each person sees exactly what Plex shares with them', () => {
  let app: SharesApp;
  let owner: SignedIn;
  let alice: SignedIn;
  let bob: SignedIn;
  let carol: SignedIn;
  beforeAll(async () => {
    app = await startSharesApp();
    owner = await app.signIn('owner');
    alice = await app.signIn('alice');
    bob = await app.signIn('bob');
    carol = await app.signIn('carol');
  });
  afterAll(() => app.close());

  it('lists only the shared libraries; the owner and "all libraries" see every one', async () => {
    const ids = async (u: SignedIn) => ((await u.get('/api/v1/plex/libraries').expect(200)).body.items as Array<{ id: string }>).map((l) => l.id).sort();
    expect(await ids(owner)).toEqual(['1', '2', '3', '4']);
    expect(await ids(alice)).toEqual(['1']);
    expect(await ids(bob)).toEqual(['2', '4']);
    expect(await ids(carol)).toEqual(['1', '2', '3', '4']);
  });

  it('answers an unshared library or item exactly like a nonexistent one (404)', async () => {
    const missingLibrary = await alice.get('/api/v1/plex/libraries/99/items').expect(404);
    const unsharedLibrary = await alice.get('/api/v1/plex/libraries/2/items').expect(404);
    expect(withoutRequestId(unsharedLibrary.body)).toEqual(withoutRequestId(missingLibrary.body));

    const missingItem = await bob.get('/api/v1/plex/items/999999').expect(404);
    const unsharedItem = await bob.get(`/api/v1/plex/items/${app.ids.matrix}`).expect(404);
    expect(withoutRequestId(unsharedItem.body)).toEqual(withoutRequestId(missingItem.body));
    const missingCollection = await bob.get('/api/v1/plex/collections/999999/items').expect(404);
    const unsharedCollection = await bob.get(`/api/v1/plex/collections/${app.ids.collectionInMovies}/items`).expect(404);
    expect(withoutRequestId(unsharedCollection.body)).toEqual(withoutRequestId(missingCollection.body));

    await alice.get(`/api/v1/plex/items/${app.ids.got}`).expect(404);
    await alice.get(`/api/v1/plex/items/${app.ids.homeVideo}`).expect(404);
    await bob.get('/api/v1/plex/libraries/1/items').expect(404);
    await bob.get('/api/v1/plex/collections?libraryId=1').expect(404);
    await bob.get(`/api/v1/plex/collections/${app.ids.collectionInMovies}/items`).expect(404);
  });

  it('shows shared items with their children', async () => {
    const matrix = await alice.get(`/api/v1/plex/items/${app.ids.matrix}`).expect(200);
    expect(matrix.body.title).toBe('The Matrix');
    const got = await bob.get(`/api/v1/plex/items/${app.ids.got}`).expect(200);
    expect(got.body.children.length).toBeGreaterThan(0);
    const season = got.body.children[0].id as string;
    expect((await bob.get(`/api/v1/plex/items/${season}`).expect(200)).body.children.length).toBeGreaterThan(0);
    // The season of an unshared show is as unknown as the show.
    await alice.get(`/api/v1/plex/items/${season}`).expect(404);
    await bob.get(`/api/v1/plex/items/${app.ids.homeVideo}`).expect(200);
  });

  it('searches only the shared libraries', async () => {
    const titles = async (u: SignedIn, q: string) => ((await u.get(`/api/v1/plex/search?q=${q}`).expect(200)).body.items as Item[]);
    expect((await titles(owner, 'matrix')).map((i) => i.title)).toContain('The Matrix');
    expect((await titles(alice, 'matrix')).map((i) => i.title)).toContain('The Matrix');
    expect(await titles(bob, 'matrix')).toEqual([]);
    expect((await titles(bob, 'game')).map((i) => i.title)).toContain('Game of Thrones');
    expect((await titles(alice, 'game')).map((i) => i.title)).not.toContain('Game of Thrones');
    expect((await titles(bob, 'birthday')).map((i) => i.title)).toEqual(['Birthday Party 2019']);
    expect(await titles(alice, 'birthday')).toEqual([]);
  });

  it('shows recently added from the shared libraries only', async () => {
    const recent = async (u: SignedIn) => (await u.get('/api/v1/plex/recently-added?limit=50').expect(200)).body.items as Item[];
    const ownerLibs = librariesOf(await recent(owner));
    expect(ownerLibs.length).toBeGreaterThan(1);
    expect(librariesOf(await recent(alice))).toEqual(['1']);
    const bobs = await recent(bob);
    expect(librariesOf(bobs).every((l) => l === '2' || l === '4')).toBe(true);
    // The home video is the newest thing on the server: bob, who has it, sees it first.
    expect(bobs[0]?.title).toBe('Birthday Party 2019');
  });

  it('lists collections of the shared libraries only', async () => {
    const ownerCollections = (await owner.get('/api/v1/plex/collections').expect(200)).body.items as Item[];
    expect(ownerCollections.length).toBe(3);
    expect((await alice.get('/api/v1/plex/collections').expect(200)).body.items).toHaveLength(3);
    expect((await bob.get('/api/v1/plex/collections').expect(200)).body.items).toEqual([]);
    await alice.get(`/api/v1/plex/collections/${app.ids.collectionInMovies}/items`).expect(200);
  });

  it('applies the share\'s restriction filters (label allow-list on movies)', async () => {
    const page = await carol.get('/api/v1/plex/libraries/1/items?pageSize=100').expect(200);
    expect(page.body.total).toBe(KIDS_MOVIES);
    expect(page.body.items).toHaveLength(KIDS_MOVIES);
    await carol.get(`/api/v1/plex/items/${app.ids.matrix}`).expect(404);
    await carol.get(`/api/v1/plex/items/${app.ids.kidsMovie}`).expect(200);
    expect((await carol.get('/api/v1/plex/search?q=matrix').expect(200)).body.items).toEqual([]);
    // TV is not restricted for carol.
    await carol.get(`/api/v1/plex/items/${app.ids.got}`).expect(200);
    const recent = (await carol.get('/api/v1/plex/recently-added?limit=50').expect(200)).body.items as Item[];
    const kidsIds = new Set((page.body.items as Item[]).map((i) => i.id));
    expect(recent.filter((i) => i.libraryId === '1').every((i) => kidsIds.has(i.id))).toBe(true);
    // The Matrix collection holds The Matrix; only members with the label count.
    const collections = (await carol.get('/api/v1/plex/collections?libraryId=1').expect(200)).body.items as Array<{ id: string; childCount: number }>;
    for (const c of collections) {
      const members = (await carol.get(`/api/v1/plex/collections/${c.id}/items?pageSize=100`).expect(200)).body;
      expect(members.total).toBe(c.childCount);
      expect((members.items as Item[]).every((i) => kidsIds.has(i.id))).toBe(true);
    }
  });

  it('signs images only for what the user may see', async () => {
    const images = (items: Item[]) => items.map((i) => new URL(i.thumbUrl!, 'http://x').searchParams.get('path')!);
    const alicePages = [
      (await alice.get('/api/v1/plex/libraries/1/items?pageSize=100').expect(200)).body.items,
      (await alice.get('/api/v1/plex/recently-added?limit=50').expect(200)).body.items,
      (await alice.get('/api/v1/plex/search?q=e').expect(200)).body.items,
    ].flat() as Item[];
    const movieKeys = new Set(app.pms.library.sectionItems('1', 'movie').map((m) => m.ratingKey));
    for (const path of images(alicePages)) expect(movieKeys.has(/\/library\/metadata\/(\d+)\//.exec(path)?.[1] ?? '')).toBe(true);
    // An image URL for an unshared item cannot be made by editing a signed one.
    const signed = new URL((alicePages[0] as Item).thumbUrl!, 'http://x');
    signed.searchParams.set('path', `/library/metadata/${app.ids.homeVideo}/thumb/1`);
    await request(app.t.app).get(`${signed.pathname}${signed.search}`).expect(403);
  });
});
