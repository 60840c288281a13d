import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TINY_JPEG, thumbPath, type PlexItem } from '../fakes';
import { ImageSigner, isSafeLibraryPath } from '../../src/modules/plex/image-signing';
import { startPlexApp, type PlexTestApp } from './plex-support';

const DAY_MS = 86_400_000;

describe('isSafeLibraryPath', () => {
  it.each([
    '/library/metadata/1001/thumb/1700000000',
    '/library/collections/80001/composite/1700000000',
    '/library/metadata/1001/thumb/1700000000?width=300',
    '/library/metadata/1/thumb?url=/library/metadata/2/thumb/3',
  ])('accepts %s', (path) => {
    expect(isSafeLibraryPath(path)).toBe(true);
  });

  it.each([
    '',
    'library/metadata/1/thumb',
    'http://evil.example/library/x.jpg',
    '//evil.example/library/x.jpg',
    '/library//evil.example/x',
    '/library/../status/sessions',
    '/library/metadata/1/..',
    '/library/%2e%2e/status/sessions',
    '/library/%252e%252e/x',
    '/library/metadata\\1',
    '/library/metadata/1 thumb',
    '/:/prefs',
    '/photo/:/transcode?url=/library/metadata/1/thumb',
    '/status/sessions',
    '/library/metadata/1/thumb?url=http://evil.example/x.jpg',
    '/library/metadata/1/thumb?url=//evil.example/x.jpg',
    '/library/metadata/1/thumb?url=/library/../x',
    '/library/metadata/1/thumb?URL=http%3A%2F%2Fevil',
    '/library/metadata/1/thumb?X-Plex-Token=abc%26x',
    `/library/${'a'.repeat(1100)}`,
  ])('refuses %s', (path) => {
    expect(isSafeLibraryPath(path)).toBe(false);
  });
});

describe('ImageSigner', () => {
  it('keeps one URL all day, valid for at least 24 hours', () => {
    const morning = Date.UTC(2025, 0, 10, 0, 0, 1);
    let now = morning;
    const signer = new ImageSigner('x'.repeat(32), { clock: () => now });
    const first = signer.url('/library/metadata/1/thumb/2', { w: 300, h: 450 });
    now = Date.UTC(2025, 0, 10, 23, 59, 59);
    expect(signer.url('/library/metadata/1/thumb/2', { w: 300, h: 450 })).toBe(first);
    const exp = Number(new URL(first ?? '', 'http://x').searchParams.get('exp')) * 1000;
    expect(exp - now).toBeGreaterThanOrEqual(DAY_MS);
    expect(exp).toBe(Date.UTC(2025, 0, 12));
  });

  it('hands out no URL for a path it would refuse to serve', () => {
    const signer = new ImageSigner('x'.repeat(32));
    expect(signer.url('https://metadata-static.plex.tv/x.jpg', { w: 1, h: 1 })).toBeNull();
    expect(signer.url(null, { w: 1, h: 1 })).toBeNull();
  });

  it('does not accept signatures made with another secret', () => {
    const ours = new ImageSigner('x'.repeat(32));
    const theirs = new ImageSigner('y'.repeat(32));
    const url = new URL(theirs.url('/library/metadata/1/thumb/2', { w: 300, h: 450 }) ?? '', 'http://x');
    expect(ours.verify(Object.fromEntries(url.searchParams))).toEqual({ ok: false, reason: 'signature' });
  });
});

describe('GET /api/v1/plex/image', () => {
  let s: PlexTestApp;
  let matrix: PlexItem;
  let signedUrl: string;
  const image = (url: string) => request(s.t.app).get(url);
  const withParam = (url: string, name: string, value: string | null) => {
    const u = new URL(url, 'http://x');
    if (value === null) u.searchParams.delete(name);
    else u.searchParams.set(name, value);
    return `${u.pathname}${u.search}`;
  };

  beforeAll(async () => {
    s = await startPlexApp({ env: { RATE_LIMIT_API_PER_MINUTE: '5' } });
    matrix = s.plex.findByTitle('The Matrix') as PlexItem;
    const res = await s.get(`/api/v1/plex/items/${matrix.ratingKey}`).expect(200);
    signedUrl = res.body.thumbUrl as string;
  });
  afterAll(async () => {
    await s.close();
  });
  beforeEach(async () => {
    await s.plex.setMode('up');
    s.plex.clearRequests();
  });

  it('serves the image of a signed URL without a session, resized by Plex, with long cache headers', async () => {
    const res = await image(signedUrl).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['cache-control']).toMatch(/public, max-age=86400/);
    expect(Buffer.compare(res.body as Buffer, TINY_JPEG)).toBe(0);

    const [sent] = s.plex.requests;
    expect(sent).toMatchObject({ path: '/photo/:/transcode', query: { url: thumbPath(matrix), width: '600', height: '900', minSize: '1', upscale: '1' } });
    expect(sent?.headers['x-plex-token']).toBe(s.plex.token);
    expect(sent?.url).not.toMatch(/X-Plex-Token/i);
  });

  it('answers 403 when the signature is missing', async () => {
    const res = await image(withParam(signedUrl, 'sig', null)).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(s.plex.requests).toHaveLength(0);
  });

  it('answers 403 when the path, size, expiry or signature was altered', async () => {
    const other = s.plex.findByTitle('Game of Thrones') as PlexItem;
    const altered = [
      withParam(signedUrl, 'path', thumbPath(other)),
      withParam(signedUrl, 'w', '4000'),
      withParam(signedUrl, 'h', '1'),
      withParam(signedUrl, 'exp', String(Number(new URL(signedUrl, 'http://x').searchParams.get('exp')) + 86_400)),
      withParam(signedUrl, 'sig', `${new URL(signedUrl, 'http://x').searchParams.get('sig')?.slice(0, -2)}AA`),
      `${signedUrl}&path=${encodeURIComponent(thumbPath(other))}`,
    ];
    for (const url of altered) {
      const res = await image(url).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect(s.plex.requests).toHaveLength(0);
  });

  it('answers 403 once the link has expired', async () => {
    const signer = s.t.container.plex.images;
    const path = thumbPath(matrix);
    const exp = Math.floor((Date.now() - 1000) / 1000);
    const url = `/api/v1/plex/image?${new URLSearchParams({ path, w: '300', h: '450', exp: String(exp), sig: signer.sign(path, 300, 450, exp) })}`;
    const res = await image(url).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(s.plex.requests).toHaveLength(0);
  });

  it('answers 403 for a correctly signed path outside the library, and never fetches it', async () => {
    const signer = s.t.container.plex.images;
    const exp = signer.expiry();
    for (const path of ['http://evil.example/x.jpg', '//evil.example/x.jpg', '/library/../status/sessions', '/library/%2e%2e/x', '/status/sessions', '/library/metadata/1/thumb?url=http://evil.example/x']) {
      const url = `/api/v1/plex/image?${new URLSearchParams({ path, w: '300', h: '450', exp: String(exp), sig: signer.sign(path, 300, 450, exp) })}`;
      const res = await image(url).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect(s.plex.requests).toHaveLength(0);
  });

  it('answers 404 when Plex has no such image', async () => {
    const url = s.t.container.plex.images.url('/library/metadata/99999999/thumb/1', { w: 300, h: 450 }) ?? '';
    const res = await image(url).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('answers 503 for plex when Plex is down', async () => {
    await s.plex.setMode('down');
    const res = await image(signedUrl).expect(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex' });
    expect(res.headers['cache-control'] ?? '').not.toMatch(/max-age=86400/);
  });

  it('refuses to pass on anything but a raster image (an SVG could carry script)', async () => {
    s.plex.override('/photo/:/transcode', () => ({ status: 200, headers: { 'content-type': 'image/svg+xml' }, body: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' }), { once: true });
    const res = await image(signedUrl).expect(503);
    expect(res.text).not.toContain('<script>');
  });

  it('does not count images against the API rate limit', async () => {
    for (let i = 0; i < 12; i++) {
      const res = await image(signedUrl).expect(200);
      expect(res.headers['ratelimit-policy']).toMatch(/^"image"; q=3000/);
    }
    // RATE_LIMIT_API_PER_MINUTE is 5 here; one API call so far (the item above).
    const api = await s.get('/api/v1/plex/libraries').expect(200);
    expect(api.headers['ratelimit-policy']).toMatch(/^"api"; q=5/);
  });

  it('keeps the Plex token out of image responses and logs', async () => {
    const res = await image(signedUrl).buffer(true).expect(200);
    expect((res.body as Buffer).toString('latin1')).not.toContain(s.plex.token);
    expect(JSON.stringify(res.headers)).not.toContain(s.plex.token);
    expect(s.t.logs.text()).not.toContain(s.plex.token);
  });
});
