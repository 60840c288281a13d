import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIDS_MOVIES, librariesOf, startSharesApp, type SharesApp, type SignedIn } from './shares-support';

describe('library caching keyed by what a user may see', () => {
  let app: SharesApp;
  let now = Date.parse('2026-12-01T12:00:00Z');
  const users: Record<string, SignedIn> = {};
  beforeAll(async () => {
    app = await startSharesApp({ clock: () => now });
    for (const name of ['owner', 'alice', 'erin', 'bob', 'carol', 'dave'] as const) users[name] = await app.signIn(name);
  });
  afterAll(() => app.close());

  it('serves users with the same share from the same entries', async () => {
    app.pms.clearRequests();
    const a = await users.alice!.get('/api/v1/plex/libraries/1/items?page=2&pageSize=7').expect(200);
    const listings = app.pms.countRequests('/library/sections/1/all');
    expect(listings).toBe(1);
    const e = await users.erin!.get('/api/v1/plex/libraries/1/items?page=2&pageSize=7').expect(200);
    expect(e.body).toEqual(a.body);
    expect(app.pms.countRequests('/library/sections/1/all')).toBe(listings);

    await users.alice!.get('/api/v1/plex/search?q=silent').expect(200);
    const searches = app.pms.countRequests('/hubs/search');
    await users.erin!.get('/api/v1/plex/search?q=silent').expect(200);
    expect(app.pms.countRequests('/hubs/search')).toBe(searches);
  });

  it('never serves a wider cached page to a narrower share', async () => {
    const ownerSearch = await users.owner!.get('/api/v1/plex/search?q=e').expect(200);
    expect(librariesOf(ownerSearch.body.items).length).toBeGreaterThan(1);
    const aliceSearch = await users.alice!.get('/api/v1/plex/search?q=e').expect(200);
    expect(librariesOf(aliceSearch.body.items)).toEqual(['1']);

    const ownerRecent = await users.owner!.get('/api/v1/plex/recently-added?limit=50').expect(200);
    expect(librariesOf(ownerRecent.body.items)).toContain('4');
    expect(librariesOf((await users.alice!.get('/api/v1/plex/recently-added?limit=50').expect(200)).body.items)).toEqual(['1']);

    // dave ("all libraries", unrestricted) fills the page; carol (all libraries, kids-only movies) must not get it.
    const full = await users.dave!.get('/api/v1/plex/libraries/1/items?pageSize=100').expect(200);
    expect(full.body.total).toBeGreaterThan(KIDS_MOVIES);
    const restricted = await users.carol!.get('/api/v1/plex/libraries/1/items?pageSize=100').expect(200);
    expect(restricted.body.total).toBe(KIDS_MOVIES);
  });

  it('serves stale pages while Plex is down only to users entitled to them', async () => {
    await users.alice!.get('/api/v1/plex/libraries/1/items?page=3&pageSize=5').expect(200);
    now += 20 * 60 * 1000; // past every page's freshness (and the access tokens' lifetime)
    for (const name of ['owner', 'alice', 'bob', 'carol'] as const) users[name] = await app.signIn(name);
    await app.pms.setMode('down');
    try {
      const stale = await users.alice!.get('/api/v1/plex/libraries/1/items?page=3&pageSize=5').expect(200);
      expect(stale.body.items).toHaveLength(5);
      // The owner sees the same library unrestricted: the same entry is theirs too.
      await users.owner!.get('/api/v1/plex/libraries/1/items?page=3&pageSize=5').expect(200);
      // bob has no Movies: 404 as always, never the stale page.
      await users.bob!.get('/api/v1/plex/libraries/1/items?page=3&pageSize=5').expect(404);
      // carol's restricted view has no entry of its own: Plex is down, so 503, not alice's wider page.
      const carol = await users.carol!.get('/api/v1/plex/libraries/1/items?page=3&pageSize=5');
      expect(carol.status).toBe(503);
      expect(carol.body.error.service).toBe('plex');
    } finally {
      await app.pms.setMode('up');
    }
  });
});
