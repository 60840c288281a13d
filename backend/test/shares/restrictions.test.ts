import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlexTvAccount } from '../fakes';
import { pollPin, startPin } from '../auth/accounts-support';
import { startSharesApp, type SharesApp } from './shares-support';

type Item = { id: string; libraryId: string | null; title: string };
type Friend = { get(path: string): request.Test };

/**
 * A friend's share restricted by content rating (plex.tv's filterMovies /
 * filterAll, UPSTREAMS F11) on the fakes of plex.tv and PMS: the items the
 * restriction excludes are gone from the library listing, item details, search
 * and recently added, exactly as for an unshared item; the rest stays.
 * - frank: all libraries, movies without the rating R (a deny list on movies);
 * - gina: Movies and TV Shows, filterAll denying R and TV-MA (every kind of library).
 * In the sample library The Matrix is the only R movie (the others are PG-13)
 * and every show, Game of Thrones among them, is TV-MA.
 */
describe('content-rating restrictions of a friend\u2019s share', () => {
  let app: SharesApp;
  let frank: Friend;
  let gina: Friend;
  let dave: Friend;
  let moviesTotal = 0;

  const signIn = async (account: PlexTvAccount): Promise<Friend> => {
    const pin = await startPin(app.t);
    app.plextv.approvePin(pin.pinId, account.token);
    const res = await pollPin(app.t, pin).expect(200);
    const token = res.body.accessToken as string;
    return { get: (path: string) => request(app.t.app).get(path).set('Authorization', `Bearer ${token}`) };
  };

  beforeAll(async () => {
    app = await startSharesApp();
    // The restricted titles are the newest, so recently added would show them first.
    app.pms.findByTitle('The Matrix')!.addedAt = 2_000_000_000;
    app.pms.findByTitle('Game of Thrones')!.addedAt = 2_000_000_100;
    moviesTotal = app.pms.library.sectionItems('1', 'movie').length;
    const mid = app.pms.machineIdentifier;
    const frankAccount = app.plextv.addAccount({ id: 91001, uuid: 'frank-uuid', username: 'frank', email: 'frank@example.com', token: 'frank-plex-token-91001' });
    const ginaAccount = app.plextv.addAccount({ id: 92002, uuid: 'gina-uuid', username: 'gina', email: 'gina@example.com', token: 'gina-plex-token-92002' });
    app.plextv.setShare(app.accounts.owner.token, frankAccount.token, mid, { sections: 'all', filters: { filterMovies: 'contentRating!=R' }, uri: app.pms.url });
    app.plextv.setShare(app.accounts.owner.token, ginaAccount.token, mid, { sections: ['1', '2'], filters: { filterAll: 'contentRating!=R%2CTV-MA' }, uri: app.pms.url });
    frank = await signIn(frankAccount);
    gina = await signIn(ginaAccount);
    dave = await signIn(app.accounts.dave);
  });
  afterAll(() => app?.close());

  const listing = async (u: Friend, library: string) => (await u.get(`/api/v1/plex/libraries/${library}/items?pageSize=100`).expect(200)).body as { total: number; items: Item[] };
  const search = async (u: Friend, q: string) => ((await u.get(`/api/v1/plex/search?q=${encodeURIComponent(q)}`).expect(200)).body.items as Item[]).map((i) => i.title);
  const recent = async (u: Friend) => (await u.get('/api/v1/plex/recently-added?limit=50').expect(200)).body.items as Item[];
  const titlesOf = (items: Item[]) => items.map((i) => i.title);
  const tvOf = (items: Item[]) => items.filter((i) => i.libraryId === '2');

  it('an unrestricted friend sees the R movie and the TV-MA show everywhere (the control)', async () => {
    expect((await listing(dave, '1')).total).toBe(moviesTotal);
    await dave.get(`/api/v1/plex/items/${app.ids.matrix}`).expect(200);
    expect(await search(dave, 'matrix')).toContain('The Matrix');
    const items = await recent(dave);
    expect(titlesOf(items)).toContain('The Matrix');
    // Recently added TV is listed by season; every show of the sample library is TV-MA.
    expect(tvOf(items).length).toBeGreaterThan(0);
  });

  it('a deny list on movies hides the R movie from listing, details, search and recently added, and nothing else', async () => {
    const movies = await listing(frank, '1');
    expect(movies.total).toBe(moviesTotal - 1);
    expect(movies.items.map((i) => i.title)).not.toContain('The Matrix');
    const hidden = await frank.get(`/api/v1/plex/items/${app.ids.matrix}`).expect(404);
    const missing = await frank.get('/api/v1/plex/items/999999').expect(404);
    expect({ ...hidden.body.error, requestId: undefined }).toEqual({ ...missing.body.error, requestId: undefined });
    expect(await search(frank, 'matrix')).not.toContain('The Matrix');
    const items = await recent(frank);
    expect(titlesOf(items)).not.toContain('The Matrix');
    // Other movies and the (unrestricted) TV library stay.
    await frank.get(`/api/v1/plex/items/${app.ids.kidsMovie}`).expect(200);
    await frank.get(`/api/v1/plex/items/${app.ids.got}`).expect(200);
    expect(tvOf(items).length).toBeGreaterThan(0);
    expect(await search(frank, 'game')).toContain('Game of Thrones');
  });

  it('filterAll applies to every kind of library: R movies and TV-MA shows are hidden everywhere', async () => {
    const movies = await listing(gina, '1');
    expect(movies.total).toBe(moviesTotal - 1);
    expect(movies.items.map((i) => i.title)).not.toContain('The Matrix');
    expect((await listing(gina, '2')).items.map((i) => i.title)).not.toContain('Game of Thrones');
    await gina.get(`/api/v1/plex/items/${app.ids.matrix}`).expect(404);
    await gina.get(`/api/v1/plex/items/${app.ids.got}`).expect(404);
    expect(await search(gina, 'matrix')).not.toContain('The Matrix');
    expect(await search(gina, 'game')).not.toContain('Game of Thrones');
    const items = await recent(gina);
    expect(titlesOf(items)).not.toContain('The Matrix');
    expect(tvOf(items)).toEqual([]);
    // A PG-13 movie is still there, and the unshared Home Videos stay unknown.
    await gina.get(`/api/v1/plex/items/${app.ids.kidsMovie}`).expect(200);
    expect(items.length).toBeGreaterThan(0);
    await gina.get(`/api/v1/plex/items/${app.ids.homeVideo}`).expect(404);
  });
});
