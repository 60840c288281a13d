import { describe, expect, it } from 'vitest';
import { IMAGE_ROUTE, IMAGE_SIZES, ImageSigner, isSafeLibraryPath } from './image-signing';

const DAY = 86_400;
const NOW = Date.UTC(2026, 11, 5, 15, 30, 0);
const query = (url: string): Record<string, string> => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('image URL signing', () => {
  let now = NOW;
  const signer = new ImageSigner('a-test-secret-of-enough-length-0123456789', { clock: () => now });
  const url = signer.url('/library/metadata/42/thumb/1700000000', IMAGE_SIZES.poster)!;
  const q = query(url);

  it('hands out one canonical URL that verifies', () => {
    expect(url.startsWith(`${IMAGE_ROUTE}?`)).toBe(true);
    expect(q).toMatchObject({ path: '/library/metadata/42/thumb/1700000000', w: '300', h: '450' });
    expect(q.exp).toBe(String((Math.floor(NOW / 1000 / DAY) + 2) * DAY));
    expect(signer.verify(q)).toEqual({ ok: true, path: '/library/metadata/42/thumb/1700000000', width: 300, height: 450 });
    // The same all day, so caches can keep the image.
    now = NOW + 8 * 3600 * 1000;
    expect(signer.url('/library/metadata/42/thumb/1700000000', IMAGE_SIZES.poster)).toBe(url);
    now = NOW;
  });

  it('refuses any other spelling of the signed numbers: leading zeros, signs, exponents, decimals, spaces', () => {
    for (const [k, v] of [
      ['w', '0300'],
      ['w', '+300'],
      ['w', '300.0'],
      ['w', '3e2'],
      ['w', ' 300'],
      ['h', '0450'],
      ['h', '-450'],
      ['exp', `0${q.exp}`],
      ['exp', `+${q.exp}`],
      ['exp', '1e10'],
      ['exp', `${q.exp}.0`],
      ['exp', '0x10'],
    ] as const) {
      expect(signer.verify({ ...q, [k]: v }), `${k}=${v}`).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses missing values, another signature, another size or path, and other secrets', () => {
    for (const k of ['path', 'w', 'h', 'exp', 'sig']) expect(signer.verify({ ...q, [k]: undefined }).ok).toBe(false);
    expect(signer.verify({ ...q, sig: '' })).toEqual({ ok: false, reason: 'missing' });
    expect(signer.verify({ ...q, w: ['300'] })).toEqual({ ok: false, reason: 'missing' });
    expect(signer.verify({ ...q, w: '600', h: '900' })).toEqual({ ok: false, reason: 'signature' });
    expect(signer.verify({ ...q, path: '/library/metadata/43/thumb/1700000000' })).toEqual({ ok: false, reason: 'signature' });
    expect(signer.verify({ ...q, sig: `${q.sig}A` })).toEqual({ ok: false, reason: 'signature' });
    expect(new ImageSigner('another-secret-of-enough-length-987654321', { clock: () => now }).verify(q)).toEqual({ ok: false, reason: 'signature' });
  });

  it('expires at the signed time, checked after the signature', () => {
    now = Number(q.exp) * 1000 - 1;
    expect(signer.verify(q).ok).toBe(true);
    now = Number(q.exp) * 1000;
    expect(signer.verify(q)).toEqual({ ok: false, reason: 'expired' });
    expect(signer.verify({ ...q, sig: 'x'.repeat(43) })).toEqual({ ok: false, reason: 'signature' });
    now = NOW;
  });

  it('refuses a validly signed size out of range or a path it would not serve', () => {
    const exp = Number(q.exp);
    const signed = (path: string, w: number, h: number) => ({ path, w: String(w), h: String(h), exp: String(exp), sig: signer.sign(path, w, h, exp) });
    expect(signer.verify(signed('/library/a', 4001, 10))).toEqual({ ok: false, reason: 'size' });
    expect(signer.verify(signed('/library/a', 10, 10_000))).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.verify(signed('/library/a', 4000, 4000)).ok).toBe(true);
    expect(signer.verify(signed('/library/../etc/passwd', 10, 10))).toEqual({ ok: false, reason: 'path' });
    expect(signer.url('http://evil.example/x', IMAGE_SIZES.poster)).toBeNull();
    expect(signer.url(null, IMAGE_SIZES.poster)).toBeNull();
  });
});

describe('library paths served as images', () => {
  it('accepts plain /library paths and simple queries with a nested library url', () => {
    expect(isSafeLibraryPath('/library/metadata/1/thumb/2')).toBe(true);
    expect(isSafeLibraryPath('/library/x?width=300&height=450')).toBe(true);
    expect(isSafeLibraryPath('/library/x?url=/library/metadata/1/art')).toBe(true);
  });
  it('refuses anything else', () => {
    for (const p of [
      '',
      '/photo/x',
      'library/x',
      '//library/x',
      '/library//x',
      '/library/./x',
      '/library/a/../b',
      '/library/%2e%2e/x',
      '/library/a\\b',
      '/library/x?X-Plex-Token=abc',
      '/library/x?url=http://evil/x',
      '/library/x?a=b%20c',
      '/library/x?a=b+c',
      `/library/${'a'.repeat(1020)}`,
    ]) {
      expect(isSafeLibraryPath(p), p).toBe(false);
    }
  });
});
