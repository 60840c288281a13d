import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePlexServer } from '../fakes';
import { startPlexApp, type PlexTestApp } from './plex-support';

/**
 * Plex answers `/hubs/search` with a 404 when the search cannot match
 * anything at all, e.g. a server without library sections (docs/UPSTREAMS.md
 * B7). That is "no results", not "no such item".
 */
describe('GET /api/v1/plex/search on a server with no libraries', () => {
  let s: PlexTestApp;
  beforeAll(async () => {
    s = await startPlexApp({ plex: new FakePlexServer() });
  });
  afterAll(async () => {
    await s.close();
  });

  it('7. answers an empty list when Plex answers its search with 404', async () => {
    const res = await s.get('/api/v1/plex/search?q=matrix').expect(200);
    expect(res.body).toEqual({ items: [] });
    expect(s.plex.requests.filter((r) => r.path === '/hubs/search')).toHaveLength(1);
  });
});
