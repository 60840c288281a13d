/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read the fakes' JSON bodies ad hoc */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './call';
import { FakeOverseerr, MediaRequestStatus, MediaStatus, Permission, truncateOverview } from './index';

describe('FakeOverseerr (docs/UPSTREAMS.md C, D)', () => {
  const overseerr = new FakeOverseerr();
  let base = '';
  const admin = { 'X-Api-Key': overseerr.apiKey, 'content-type': 'application/json' };
  const asUser = (id: number) => ({ ...admin, 'X-API-User': String(id) });
  const post = (path: string, body: unknown, headers: Record<string, string> = admin) => call(`${base}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const received: Array<{ headers: http.IncomingHttpHeaders; body: any }> = [];
  const receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(204).end();
    });
  });
  let hookUrl = '';
  beforeAll(async () => {
    base = await overseerr.start();
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/v1/webhooks/overseerr`;
    overseerr.addUser({ id: 2, email: 'bob@example.com', plexId: 2002, plexUsername: 'bob', permissions: Permission.REQUEST, movieQuotaLimit: 2 });
    overseerr.addUser({ id: 3, email: 'eve@example.com', plexUsername: 'eve', permissions: Permission.VOTE });
  });
  afterAll(async () => {
    await overseerr.stop();
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  it('refuses raw reserved characters in any query value with the validator\u2019s 400, and takes them encoded', async () => {
    const raw = await call(`${base}/api/v1/search?query=M*A*S*H`, { headers: admin });
    expect(raw.status).toBe(400);
    expect(raw.body.message).toBe("Parameter 'query' must be url encoded. Its value may not contain reserved characters.");
    expect((await call(`${base}/api/v1/search?query=a+b`, { headers: admin })).status).toBe(400);
    expect((await call(`${base}/api/v1/search?query=M%2AA%2AS%2AH&page=1`, { headers: admin })).status).toBe(200);
  });

  it('answers an unknown X-API-User with the same 403 as a wrong key', async () => {
    const res = await call(`${base}/api/v1/user?take=1`, { headers: asUser(999) });
    expect([res.status, res.body]).toEqual([403, { status: 403, error: 'You do not have permission to access this endpoint' }]);
  });

  it('lists users by id unless another sort is asked for', async () => {
    const res = await call(`${base}/api/v1/user?take=10&skip=0&sort=created`, { headers: admin });
    const ids = res.body.results.map((u: any) => u.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
  });

  it('with TMDB down: an empty 200 search, the catch-all 500 on details', async () => {
    overseerr.tmdbDown = true;
    try {
      expect((await call(`${base}/api/v1/search?query=matrix`, { headers: admin })).body).toEqual({ page: 1, totalPages: 1, totalResults: 0, results: [] });
      const details = await call(`${base}/api/v1/movie/603`, { headers: admin });
      expect([details.status, details.body]).toEqual([500, { message: 'Unable to retrieve movie.' }]);
    } finally {
      overseerr.tmdbDown = false;
    }
  });

  it('authenticates with X-Api-Key: 401 connect.sid body without it, 403 with a wrong one; /status is public', async () => {
    const none = await call(`${base}/api/v1/search?query=x`);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ message: "cookie 'connect.sid' required", errors: [{ path: '/api/v1/search', message: "cookie 'connect.sid' required" }] });
    const wrong = await call(`${base}/api/v1/search?query=x`, { headers: { 'X-Api-Key': 'nope' } });
    expect([wrong.status, wrong.body]).toEqual([403, { status: 403, error: 'You do not have permission to access this endpoint' }]);
    expect((await call(`${base}/api/v1/status`)).body).toMatchObject({ version: '1.33.2', updateAvailable: false });
  });

  it('searches: mediaInfo omitted for unknown media, numeric status once tracked, people included, 500 on failure', async () => {
    const first = await call(`${base}/api/v1/search?query=matrix&page=1`, { headers: admin });
    expect(first.body).toMatchObject({ page: 1, totalPages: 1 });
    const matrix = first.body.results.find((r: any) => r.id === 603);
    expect(matrix).toMatchObject({ mediaType: 'movie', title: 'The Matrix', releaseDate: '1999-03-31', posterPath: '/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg' });
    expect(matrix).not.toHaveProperty('mediaInfo');
    overseerr.setMediaStatus(27205, 'movie', MediaStatus.AVAILABLE, { ratingKey: '9881' });
    const inception = (await call(`${base}/api/v1/search?query=inception`, { headers: admin })).body.results[0];
    expect(inception.mediaInfo).toMatchObject({ tmdbId: 27205, status: 5, status4k: 1, ratingKey: '9881' });
    const person = (await call(`${base}/api/v1/search?query=keanu`, { headers: admin })).body.results[0];
    expect(person).toMatchObject({ mediaType: 'person', name: 'Keanu Reeves' });
    overseerr.searchFails = true;
    const failed = await call(`${base}/api/v1/search?query=matrix`, { headers: admin });
    expect([failed.status, failed.body]).toEqual([500, { message: 'Unable to retrieve search results.' }]);
    overseerr.searchFails = false;
  });

  it('creates an auto-approved request for the admin, media PENDING in the reply and PROCESSING after', async () => {
    const res = await post('/request', { mediaType: 'movie', mediaId: 603 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'movie', status: MediaRequestStatus.APPROVED, is4k: false, media: { tmdbId: 603, status: MediaStatus.PENDING, status4k: 1 }, requestedBy: { id: 1 }, modifiedBy: { id: 1 } });
    const again = await call(`${base}/api/v1/request/${res.body.id}`, { headers: admin });
    expect(again.body.media.status).toBe(MediaStatus.PROCESSING);
    const dup = await post('/request', { mediaType: 'movie', mediaId: 603 });
    expect([dup.status, dup.body]).toEqual([409, { message: 'Request for this media already exists.' }]);
  });

  it('applies permissions, quotas and body validation', async () => {
    const pending = await post('/request', { mediaType: 'movie', mediaId: 604 }, asUser(2));
    expect([pending.status, pending.body.status, pending.body.requestedBy.id]).toEqual([201, MediaRequestStatus.PENDING, 2]);
    expect(pending.body).not.toHaveProperty('modifiedBy');
    expect((await post('/request', { mediaType: 'movie', mediaId: 27205 }, asUser(2))).status).toBe(201);
    const over = await post('/request', { mediaType: 'movie', mediaId: 603 }, asUser(2));
    expect([over.status, over.body]).toEqual([403, { message: 'Movie Quota exceeded.' }]);
    const denied = await post('/request', { mediaType: 'tv', mediaId: 1399, seasons: [1] }, asUser(3));
    expect([denied.status, denied.body]).toEqual([403, { message: 'You do not have permission to make series requests.' }]);
    const invalid = await post('/request', { mediaId: 603 });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('mediaType');
    expect(invalid.body.errors[0]).toMatchObject({ path: '.body.mediaType' });
    const notFound = await call(`${base}/api/v1/movie/999999`, { headers: admin });
    expect([notFound.status, notFound.body]).toEqual([500, { message: 'Unable to retrieve movie.' }]);
  });

  it('requests TV seasons ("all" includes season 0, the specials, as Overseerr does) and answers 202 when none are left', async () => {
    const tv = await post('/request', { mediaType: 'tv', mediaId: 1399, seasons: 'all' });
    expect(tv.body.seasons.map((s: any) => s.seasonNumber)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const none = await post('/request', { mediaType: 'tv', mediaId: 1399, seasons: [2] });
    expect([none.status, none.body]).toEqual([202, { message: 'No seasons available to request' }]);
    const details = await call(`${base}/api/v1/tv/1399`, { headers: admin });
    expect(details.body.seasons[0]).toMatchObject({ seasonNumber: 0, name: 'Specials' });
    expect(details.body.mediaInfo.requests).toHaveLength(1);
  });

  it('lists requests with pageInfo, filters, and restricts plain users to their own', async () => {
    const page = await call(`${base}/api/v1/request?take=2&skip=2&sort=added`, { headers: admin });
    expect(page.body.pageInfo).toEqual({ pages: 2, pageSize: 2, results: 4, page: 2 });
    expect(page.body.results.map((r: any) => r.id)).toEqual([2, 1]);
    const pendingOnly = await call(`${base}/api/v1/request?filter=pending`, { headers: admin });
    expect(pendingOnly.body.results.every((r: any) => r.status === 1)).toBe(true);
    expect((await call(`${base}/api/v1/request?filter=nope`, { headers: admin })).status).toBe(400);
    const own = await call(`${base}/api/v1/request`, { headers: asUser(2) });
    expect(own.body.results.every((r: any) => r.requestedBy.id === 2)).toBe(true);
  });

  it('approves, declines and deletes requests with the right permissions', async () => {
    const forbidden = await post('/request/2/approve', {}, asUser(2));
    expect([forbidden.status, forbidden.body]).toEqual([403, { status: 403, error: 'You do not have permission to access this endpoint' }]);
    const approved = await post('/request/2/approve', {});
    expect(approved.body).toMatchObject({ status: 2, modifiedBy: { id: 1 }, media: { status: MediaStatus.PROCESSING } });
    const declined = await post('/request/3/decline', {});
    expect(declined.body).toMatchObject({ status: 3, media: { status: MediaStatus.UNKNOWN } });
    expect((await call(`${base}/api/v1/request/3`, { method: 'DELETE', headers: admin })).status).toBe(204);
    expect((await call(`${base}/api/v1/request/3`, { headers: admin })).body).toEqual({ message: 'Request not found.' });
  });

  it('lists users with email/plexId only for callers with MANAGE_USERS', async () => {
    const asAdmin = await call(`${base}/api/v1/user?take=10&skip=0`, { headers: admin });
    expect(asAdmin.body.results.find((u: any) => u.id === 2)).toMatchObject({ email: 'bob@example.com', plexId: 2002, displayName: 'bob', movieQuotaLimit: 2, requestCount: 1 });
    const asBob = await call(`${base}/api/v1/user`, { headers: asUser(2) });
    expect(asBob.body.results[0]).not.toHaveProperty('email');
  });

  it('sends the default webhook template with string values and the Authorization header', async () => {
    received.length = 0;
    const status = await overseerr.sendWebhook(hookUrl, { type: 'MEDIA_PENDING', requestId: 1 }, { authHeader: 'secret', applyState: false });
    expect(status).toBe(204);
    expect(received[0]?.headers.authorization).toBe('secret');
    const body = received[0]?.body;
    expect(Object.keys(body)).toEqual(['notification_type', 'event', 'subject', 'message', 'image', 'media', 'request', 'issue', 'comment', 'extra']);
    expect(body).toMatchObject({
      notification_type: 'MEDIA_PENDING', event: 'New Movie Request', subject: 'The Matrix (1999)',
      image: 'https://image.tmdb.org/t/p/w600_and_h900_bestv2/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg',
      media: { media_type: 'movie', tmdbId: '603', tvdbId: '', status: 'PROCESSING', status4k: 'UNKNOWN' },
      request: { request_id: '1', requestedBy_email: 'admin@example.com', requestedBy_username: 'admin', requestedBy_settings_discordId: '', requestedBy_settings_telegramChatId: '' },
      issue: null, comment: null, extra: [],
    });
    expect(body.message.startsWith('Set in the 22nd century')).toBe(true);
  });

  it('renders TV extras, applies MEDIA_AVAILABLE state, and renders TEST_NOTIFICATION with nulls', async () => {
    const available = await overseerr.sendWebhook(hookUrl, { type: 'MEDIA_AVAILABLE', requestId: 4 });
    expect(available).toBe(204);
    expect(received.at(-1)?.body).toMatchObject({ event: 'Series Request Now Available', subject: 'Game of Thrones (2011)', media: { tvdbId: '121361', status: 'AVAILABLE' }, extra: [{ name: 'Requested Seasons', value: '0, 1, 2, 3, 4, 5, 6, 7, 8' }] });
    expect(overseerr.findMedia(1399, 'tv')?.status).toBe(MediaStatus.AVAILABLE);
    expect(overseerr.renderWebhook({ type: 'TEST_NOTIFICATION' })).toEqual({
      notification_type: 'TEST_NOTIFICATION', event: '', subject: 'Test Notification', message: 'Check check, 1, 2, 3. Are we coming in clear?', image: '',
      media: null, request: null, issue: null, comment: null, extra: [],
    });
    expect(truncateOverview('word '.repeat(200))).toMatch(/^(word ){99}word…$/);
  });

  it('seerr flavour marks approved requests COMPLETED when the media is deleted, and names 6 BLOCKLISTED', async () => {
    const seerr = new FakeOverseerr({ flavor: 'seerr' });
    const url = await seerr.start();
    try {
      const created = await call(`${url}/api/v1/request`, { method: 'POST', headers: { 'X-Api-Key': seerr.apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ mediaType: 'movie', mediaId: 603 }) });
      seerr.setMediaStatus(603, 'movie', MediaStatus.DELETED);
      const after = await call(`${url}/api/v1/request/${created.body.id}`, { headers: { 'X-Api-Key': seerr.apiKey } });
      expect([after.body.status, after.body.media.status]).toEqual([MediaRequestStatus.COMPLETED, MediaStatus.DELETED]);
      seerr.setMediaStatus(603, 'movie', MediaStatus.BLACKLISTED);
      expect(seerr.renderWebhook({ type: 'MEDIA_APPROVED', requestId: created.body.id }).media).toMatchObject({ status: 'BLOCKLISTED' });
    } finally {
      await seerr.stop();
    }
  });

  it('jellyseerr flavour reports COMPLETED requests once media is available', async () => {
    const jelly = new FakeOverseerr({ flavor: 'jellyseerr' });
    const url = await jelly.start();
    try {
      const created = await call(`${url}/api/v1/request`, { method: 'POST', headers: { 'X-Api-Key': jelly.apiKey, 'content-type': 'application/json' }, body: JSON.stringify({ mediaType: 'movie', mediaId: 603 }) });
      jelly.setMediaStatus(603, 'movie', MediaStatus.AVAILABLE);
      const after = await call(`${url}/api/v1/request/${created.body.id}`, { headers: { 'X-Api-Key': jelly.apiKey } });
      expect(after.body.status).toBe(MediaRequestStatus.COMPLETED);
    } finally {
      await jelly.stop();
    }
  });
});
