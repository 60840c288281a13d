import request from 'supertest';
import { overseerrWebhookSchema } from '../../src/modules/webhooks/overseerr-webhook.schemas';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MediaRequestStatus, MediaStatus, Permission, type OverseerrFlavor } from '../fakes';
import { WEBHOOK_PATH, WEBHOOK_SECRET, startMediaApp } from './media-app';

/**
 * Behaviour of the real Overseerr and Seerr that the fake reproduces and
 * MediaNest must follow (docs/UPSTREAMS.md): the catch-all 500 of the details
 * call, TV availability per season, season 0, query encoding, Seerr's
 * COMPLETED on deletion, the 4K event texts, paging users while they change,
 * and an X-API-User that no longer exists.
 */
async function setup(flavor: OverseerrFlavor) {
  const m = await startMediaApp({ fake: { flavor }, circuit: { failureThreshold: 1000 } });
  m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, permissions: Permission.REQUEST | Permission.AUTO_APPROVE });
  m.fake.addTitle({ tmdbId: 4607, mediaType: 'tv', title: 'Lost', year: 2004, seasons: 6 });
  m.fake.addTitle({ tmdbId: 918, mediaType: 'tv', title: 'M*A*S*H', year: 1972, seasons: 11 });
  m.fake.addTitle({ tmdbId: 646380, mediaType: 'movie', title: "Don't Look Up", year: 2021 });
  for (const [tmdbId, title] of [[157336, 'Interstellar'], [550, 'Fight Club'], [680, 'Pulp Fiction']] as const) m.fake.addTitle({ tmdbId, mediaType: 'movie', title, year: 1999 });
  const sam = await m.t.createUser({ username: 'sam', plexId: '5005' });
  const auth = `Bearer ${(await m.t.tokenFor(sam)).token}`;
  const post = (body: object) => request(m.t.app).post('/api/v1/media/requests').set('authorization', auth).send(body);
  const statusOf = async (id: string) => (await m.t.container.db.prisma.mediaRequest.findUniqueOrThrow({ where: { id } })).status;
  return { m, auth, post, statusOf };
}

describe('against Overseerr', () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup('overseerr');
  });
  afterAll(async () => {
    await s.m.close();
  });
  beforeEach(() => {
    s.m.fake.tmdbDown = false;
  });

  it('1. answers 503 naming Overseerr, never a 404, for a title Overseerr cannot load (its catch-all 500)', async () => {
    const unknown = await s.post({ tmdbId: 990_001, mediaType: 'movie' }).expect(503);
    expect(unknown.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'overseerr' });
    expect(unknown.body.error.message).toMatch(/could not load/);
    s.m.fake.tmdbDown = true;
    const matrix = await s.post({ tmdbId: 603, mediaType: 'movie' }).expect(503);
    expect(matrix.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'overseerr' });
    expect(await s.m.t.container.db.prisma.mediaRequest.count({ where: { tmdbId: 603 } })).toBe(0);
  });

  it('says Overseerr cannot search when its empty answer comes from TMDB being down, and still answers a real "no match"', async () => {
    const none = await request(s.m.t.app).get('/api/v1/media/search?q=zzzz-nothing').set('authorization', s.auth).expect(200);
    expect(none.body.results).toEqual([]);
    s.m.fake.tmdbDown = true;
    const down = await request(s.m.t.app).get('/api/v1/media/search?q=matrix').set('authorization', s.auth).expect(503);
    expect(down.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'overseerr' });
    expect(down.body.error.message).toMatch(/TMDB/);
  });

  it('2. sends the regular seasons instead of "all", so the request never waits on season 0 (specials)', async () => {
    const res = await s.post({ tmdbId: 4607, mediaType: 'tv' }).expect(201);
    expect(res.body.seasons).toBe('all');
    const sent = s.m.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/request').at(-1)!;
    expect((sent.body as { seasons: unknown }).seasons).toEqual([1, 2, 3, 4, 5, 6]);
    // Every regular season is in; specials are missing, so the show stays PARTIALLY_AVAILABLE in Overseerr.
    const media = s.m.fake.store.scanSeasons(4607, [1, 2, 3, 4, 5, 6]);
    expect(media.status).toBe(MediaStatus.PARTIALLY_AVAILABLE);
    await s.m.t.container.media.reconciler.syncOpenRequests();
    expect(await s.statusOf(res.body.id)).toBe('available');
  });

  it('2. marks a one-season request of a longer show available once that season is in (read from mediaInfo.seasons)', async () => {
    const res = await s.post({ tmdbId: 1396, mediaType: 'tv', seasons: [1] }).expect(201);
    expect(s.m.fake.requestRows.get(res.body.overseerrRequestId)?.status).toBe(MediaRequestStatus.APPROVED);
    s.m.fake.store.scanSeasons(1396, [1]);
    await s.m.t.container.media.reconciler.syncOpenRequests();
    expect(await s.statusOf(res.body.id)).toBe('available');
  });

  it('2. marks a request available on the MEDIA_AVAILABLE Overseerr sends for it while the show stays partially available', async () => {
    const res = await s.post({ tmdbId: 1399, mediaType: 'tv', seasons: [1, 2] }).expect(201);
    s.m.fake.store.scanSeasons(1399, [1, 2]);
    const status = await s.m.fake.sendWebhook(`${s.m.t.url}${WEBHOOK_PATH}`, { type: 'MEDIA_AVAILABLE', requestId: res.body.overseerrRequestId }, { authHeader: WEBHOOK_SECRET, applyState: false });
    expect(status).toBe(204);
    expect(s.m.fake.webhooksSent.at(-1)?.body.media).toMatchObject({ status: 'PARTIALLY_AVAILABLE' });
    expect(await s.statusOf(res.body.id)).toBe('available');
  });

  it('3. encodes every reserved character of the search text, so "M*A*S*H" and "Don\u2019t Look Up" are searched', async () => {
    for (const q of ['M*A*S*H', "Don't Look Up"]) {
      const res = await request(s.m.t.app).get(`/api/v1/media/search?q=${encodeURIComponent(q)}`).set('authorization', s.auth).expect(200);
      expect(res.body.results.map((r: { title: string }) => r.title)).toContain(q);
    }
    const sent = s.m.fake.requests.filter((r) => r.path === '/api/v1/search').map((r) => r.url);
    expect(sent.some((url) => url.includes('M%2AA%2AS%2AH'))).toBe(true);
    expect(sent.some((url) => url.includes('Don%27t%20Look%20Up'))).toBe(true);
  });

  it('5. recognises a 4K MEDIA_PENDING ("New 4K Movie Request") as a 4K event, which never touches non-4K requests', async () => {
    const res = await s.post({ tmdbId: 157336, mediaType: 'movie' }).expect(201);
    const payload = {
      notification_type: 'MEDIA_PENDING',
      event: 'New 4K Movie Request',
      subject: 'Interstellar (2014)',
      media: { media_type: 'movie', tmdbId: '157336', tvdbId: '', status: 'PROCESSING', status4k: 'PENDING' },
      request: null,
      extra: [],
    };
    // The raw template Overseerr sends (tmdbId as a string); handle() takes the parsed payload.
    const outcome = await s.m.t.container.media.webhooks.handle(overseerrWebhookSchema.parse(payload));
    expect(outcome).toEqual({ matched: 0, changed: 0 });
    await request(s.m.t.app).post(WEBHOOK_PATH).set('authorization', WEBHOOK_SECRET).send(payload).expect(204);
    expect(await s.statusOf(res.body.id)).toBe('approved');
  });

  it('6. walks the user list by id, so a user signing in between pages is neither skipped nor seen twice', async () => {
    for (let id = 10; id < 160; id++) s.m.fake.addUser({ id, email: `user${id}@example.com`, plexId: 100_000 + id, permissions: Permission.REQUEST });
    const target = await s.m.t.createUser({ username: 'u40', plexId: String(100_040) });
    const auth = `Bearer ${(await s.m.t.tokenFor(target)).token}`;
    // Everyone signed in at a different time; user 40 signs in again while MediaNest reads the second page.
    [...s.m.fake.users.values()].forEach((u, i) => (u.updatedAt = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()));
    s.m.fake.onUserListPage = (skip) => {
      if (skip > 0) s.m.fake.users.get(40)!.updatedAt = new Date().toISOString();
    };
    await s.m.t.container.cache.del('overseerr:users'); // the directory's cached list, as after its minute is over
    const res = await request(s.m.t.app).post('/api/v1/media/requests').set('authorization', auth).send({ tmdbId: 550, mediaType: 'movie' }).expect(201);
    s.m.fake.onUserListPage = undefined;
    expect(s.m.fake.requestRows.get(res.body.overseerrRequestId)?.requestedById).toBe(40);
  });

  it('8. refreshes the user list and retries once when the cached Overseerr user was removed, instead of blaming the API key', async () => {
    s.m.fake.addUser({ id: 300, email: 'gone@example.com', plexId: 300_300, permissions: Permission.REQUEST });
    const gone = await s.m.t.createUser({ username: 'gone', plexId: '300300' });
    const auth = `Bearer ${(await s.m.t.tokenFor(gone)).token}`;
    await s.m.t.container.cache.del('overseerr:users');
    const ask = (tmdbId: number) => request(s.m.t.app).post('/api/v1/media/requests').set('authorization', auth).send({ tmdbId, mediaType: 'movie' });
    const first = await ask(27205).expect(201); // caches the list with user 300
    expect(s.m.fake.requestRows.get(first.body.overseerrRequestId)?.requestedById).toBe(300);
    s.m.fake.users.delete(300);
    // Still one of the owner's Plex friends: after the refresh MediaNest imports them again and asks as the new account.
    s.m.fake.plexImport.addFriend({ id: '300300', username: 'gone', email: 'gone@example.com', hasServerAccess: true });
    const res = await ask(680).expect(201);
    const asUser = s.m.fake.requestRows.get(res.body.overseerrRequestId)?.requestedById;
    expect(asUser).not.toBe(300);
    expect(asUser).not.toBe(1); // never the API key's user (Overseerr's owner)
    expect(s.m.fake.users.get(asUser!)?.plexId).toBe(300_300);
    expect(s.m.t.logs.text()).not.toMatch(/rejected MediaNest.s API key/);
  });
});

describe.each<OverseerrFlavor>(['seerr', 'jellyseerr'])('against %s', (flavor) => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeAll(async () => {
    s = await setup(flavor);
  });
  afterAll(async () => {
    await s.m.close();
  });

  it('4. reads COMPLETED with the media DELETED as deleted ("removed from the server"), never as available', async () => {
    const res = await s.post({ tmdbId: 603, mediaType: 'movie' }).expect(201);
    expect(res.body.status).toBe('approved');
    s.m.fake.setMediaStatus(603, 'movie', MediaStatus.DELETED);
    expect(s.m.fake.requestRows.get(res.body.overseerrRequestId)?.status).toBe(MediaRequestStatus.COMPLETED);
    await s.m.t.container.media.reconciler.syncOpenRequests();
    expect(await s.statusOf(res.body.id)).toBe('deleted');
    const shown = await request(s.m.t.app).get(`/api/v1/media/requests/${res.body.id}`).set('authorization', s.auth).expect(200);
    expect(shown.body.status).toBe('deleted');
    expect(shown.body.completedAt).toBeNull();
    const note = await s.m.t.container.db.prisma.notification.findFirst({ where: { type: 'request.deleted' } });
    expect(note?.title).toBe('Removed from the server');
    // Seerr's own enum names in its webhook.
    expect(s.m.fake.renderWebhook({ type: 'MEDIA_APPROVED', requestId: res.body.overseerrRequestId }).media).toMatchObject({ status: 'DELETED' });
  });

  it('4. reads COMPLETED with the request\u2019s seasons AVAILABLE as available', async () => {
    const res = await s.post({ tmdbId: 4607, mediaType: 'tv', seasons: [1] }).expect(201);
    s.m.fake.store.scanSeasons(4607, [1]);
    expect(s.m.fake.requestRows.get(res.body.overseerrRequestId)?.status).toBe(MediaRequestStatus.COMPLETED);
    await s.m.t.container.media.reconciler.syncOpenRequests();
    expect(await s.statusOf(res.body.id)).toBe('available');
  });
});
