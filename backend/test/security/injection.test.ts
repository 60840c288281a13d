import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaRequestStatus, MediaStatus } from '../fakes';
import { WEBHOOK_PATH, WEBHOOK_SECRET, databaseDigest, startSecurityApp, type SecurityApp } from './security-app';

/**
 * Injection and traversal: hostile strings are stored and handed back as inert
 * JSON data, the image proxy fetches nothing but library paths of the
 * configured server, and JSON keys cannot pollute object prototypes.
 */
const PAYLOADS = ["'; DROP TABLE users; --", '<script>alert(1)</script>', '{{7*7}}', '${7*7}', '<img src=x onerror=alert(1)>', 'Robert\'); DELETE FROM media_requests; --'];

let s: SecurityApp;
let userAuth: string;
let adminAuth: string;

beforeAll(async () => {
  s = await startSecurityApp();
  userAuth = await s.bearer(s.user);
  adminAuth = await s.bearer(s.admin);
});
afterAll(async () => {
  await s.close();
});

/** JSON, never sniffed as HTML, so a payload in a value stays data. */
function expectInertJson(res: request.Response): void {
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
}

describe('hostile strings stored and returned', () => {
  it.each(PAYLOADS.map((p, i) => [p, 880_001 + i] as const))('keeps the title %s verbatim from Overseerr to the API and the notification', async (payload, tmdbId) => {
    s.overseerr.addTitle({ tmdbId, mediaType: 'movie', title: payload, year: 2001, overview: payload });
    const created = await request(s.t.app).post('/api/v1/media/requests').set('authorization', userAuth).send({ tmdbId, mediaType: 'movie' }).expect(201);
    expect(created.body.title).toBe(payload);
    const shown = await request(s.t.app).get(`/api/v1/media/requests/${created.body.id}`).set('authorization', userAuth).expect(200);
    expectInertJson(shown);
    expect(shown.body.title).toBe(payload);

    // Overseerr reports it available: the owner's notification quotes the title as plain data.
    const row = s.overseerr.setRequestStatus(created.body.overseerrRequestId, MediaRequestStatus.APPROVED);
    s.overseerr.setMediaStatus(tmdbId, 'movie', MediaStatus.AVAILABLE);
    await request(s.t.app)
      .post(WEBHOOK_PATH)
      .set('authorization', WEBHOOK_SECRET)
      .send({ notification_type: 'MEDIA_AVAILABLE', event: 'Movie Request Now Available', subject: payload, message: payload, media: { media_type: 'movie', tmdbId: String(tmdbId), status: 'AVAILABLE', status4k: 'UNKNOWN' }, request: { request_id: String(row.id) } })
      .expect(204);
    const notes = await request(s.t.app).get('/api/v1/notifications').set('authorization', userAuth).expect(200);
    expectInertJson(notes);
    expect(notes.body.items.some((n: { message: string }) => n.message.includes(payload))).toBe(true);
  });

  it('keeps a hostile Plex title verbatim and the tables intact after SQL-ish searches', async () => {
    const item = s.plex.library.addItem({ sectionKey: '1', type: 'movie', title: PAYLOADS[0]!, summary: PAYLOADS[1]! });
    const res = await request(s.t.app).get(`/api/v1/plex/items/${item.ratingKey}`).set('authorization', userAuth).expect(200);
    expectInertJson(res);
    expect(res.body).toMatchObject({ title: PAYLOADS[0], summary: PAYLOADS[1] });
    const users = await s.t.container.db.prisma.user.count();
    for (const q of PAYLOADS) {
      await request(s.t.app).get('/api/v1/plex/search').query({ q }).set('authorization', userAuth).expect(200);
      await request(s.t.app).get('/api/v1/media/search').query({ q }).set('authorization', userAuth).expect(200);
      const found = await request(s.t.app).get('/api/v1/admin/users').query({ search: q }).set('authorization', adminAuth).expect(200);
      expect(found.body.items).toEqual([]);
    }
    expect(await s.t.container.db.prisma.user.count()).toBe(users);
    expect(await s.t.container.db.prisma.mediaRequest.count()).toBeGreaterThan(0);
  });

  it('treats LIKE wildcards in a user search as plain characters', async () => {
    await s.t.createUser({ username: 'odd%name_x\\y' });
    for (const search of ['%', '_', 'e_x', '\\', '%name_']) {
      const res = await request(s.t.app).get('/api/v1/admin/users').query({ search }).set('authorization', adminAuth).expect(200);
      expect(res.body.items.map((u: { username: string }) => u.username), `search ${search}`).toEqual(['odd%name_x\\y']);
    }
    const none = await request(s.t.app).get('/api/v1/admin/users').query({ search: '%%' }).set('authorization', adminAuth).expect(200);
    expect(none.body.items).toEqual([]);
  });
});

describe('image proxy: no traversal, no SSRF', () => {
  const HOSTILE_PATHS = [
    'http://169.254.169.254/latest/meta-data/',
    'https://evil.example/x.jpg',
    '//evil.example/x.jpg',
    '\\\\evil.example\\x.jpg',
    '/library/../../etc/passwd',
    '/library/%2e%2e/%2e%2e/etc/passwd',
    '/library/%252e%252e/etc/passwd',
    '/library/..%2f..%2fetc/passwd',
    '/library\\..\\..\\etc\\passwd',
    '/library/metadata/1/thumb/..',
    '/library/\uff0e\uff0e/x',
    '/library/metadata/1@evil.example/x',
    '/library/metadata/1/thumb#@evil.example',
    '/library/metadata/1/thumb\r\nHost: evil.example',
    '/library/metadata/1/thumb?url=http://169.254.169.254/',
    '/library/metadata/1/thumb?url=//evil.example/x',
    '/library/metadata/1/thumb?url=/library/../../etc/passwd',
    '/library/metadata/1/thumb?url=%2F%2Fevil.example',
    '/library/metadata/1/thumb?a=1&url=http://evil.example',
    '/library/metadata/1/thumb?X-Plex-Token=stolen',
    '/photo/:/transcode?url=http://evil.example/x',
    '/:/prefs',
    '/status/sessions',
  ];

  it.each(HOSTILE_PATHS)('answers 403 to %s even when correctly signed, and Plex is never asked', async (path) => {
    const signer = s.t.container.plex.images;
    expect(signer.url(path, { w: 300, h: 450 })).toBeNull();
    const exp = signer.expiry();
    s.plex.clearRequests();
    const signed = new URLSearchParams({ path, w: '300', h: '450', exp: String(exp), sig: signer.sign(path, 300, 450, exp) });
    const res = await request(s.t.app).get(`/api/v1/plex/image?${signed}`);
    expect(res.status).toBe(403);
    const unsigned = await request(s.t.app).get(`/api/v1/plex/image?${new URLSearchParams({ path, w: '300', h: '450', exp: String(exp) })}`);
    expect(unsigned.status).toBe(403);
    expect(s.plex.requests).toEqual([]);
  });

  it('fetches a legitimate library path from the configured server only, as a relative url', async () => {
    const path = '/library/metadata/1001/thumb/1700000000';
    const url = s.t.container.plex.images.url(path, { w: 300, h: 450 })!;
    s.plex.clearRequests();
    await request(s.t.app).get(url).expect(200);
    expect(s.plex.requests.map((r) => [r.path, r.query.url])).toEqual([['/photo/:/transcode', path]]);
  });
});

describe('prototype pollution', () => {
  it('leaves Object.prototype alone whatever keys bodies and queries carry', async () => {
    const hostile = '{"__proto__":{"polluted":"yes","role":"admin"},"constructor":{"prototype":{"polluted":"yes"}},"tmdbId":603,"mediaType":"movie"}';
    for (const path of ['/api/v1/media/requests', '/api/v1/auth/login', WEBHOOK_PATH]) {
      const res = await request(s.t.app).post(`${path}?__proto__[polluted]=yes&constructor[prototype][polluted]=yes`).set('authorization', path === WEBHOOK_PATH ? WEBHOOK_SECRET : userAuth).set('content-type', 'application/json').send(hostile);
      expect(res.status, path).toBeLessThan(500);
    }
    await request(s.t.app).put('/api/v1/admin/settings').set('authorization', adminAuth).set('content-type', 'application/json').send('{"uptimeKuma":{"__proto__":{"polluted":"yes"}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    const me = await request(s.t.app).get('/api/v1/auth/me').set('authorization', userAuth).expect(200);
    expect(me.body.user.role).toBe('user');
  });
});

describe('ill-formed Unicode text', () => {
  // JSON escapes can carry a lone UTF-16 surrogate, which no database text column can hold.
  const LONE = ['\ud800', '\udfff', 'ab\ud83d', '\ude00cd'];

  it.each(LONE)('answers 400 VALIDATION_ERROR for a login name holding %j and changes nothing', async (bad) => {
    const before = await databaseDigest(s.t);
    const res = await request(s.t.app)
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ username: `admin${bad}`, password: 'whatever-password' }).replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`))
      .expect(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(res.body.error.details[0]).toMatchObject({ path: 'username', in: 'body' });
    expect(await databaseDigest(s.t)).toEqual(before);
  });

  it('answers 400 for a lone surrogate in a JSON key, a query string and a path parameter', async () => {
    const key = await request(s.t.app)
      .post('/api/v1/media/requests')
      .set('authorization', userAuth)
      .set('content-type', 'application/json')
      .send('{"tmdbId":603,"mediaType":"movie","\\ud800":1}')
      .expect(400);
    expect(key.body.error.code).toBe('VALIDATION_ERROR');
    // A URL carries text as UTF-8, which cannot encode a surrogate: the surrogate's CESU-8 bytes
    // decode to replacement characters in a query string (well-formed, searched as text) and are
    // refused in a path parameter.
    const query = await request(s.t.app).get('/api/v1/admin/users?search=%ED%A0%80').set('authorization', adminAuth).expect(200);
    expect(query.body.items).toEqual([]);
    const param = await request(s.t.app).get('/api/v1/media/requests/%ED%A0%80').set('authorization', userAuth);
    expect(param.status).toBe(400);
  });
});
