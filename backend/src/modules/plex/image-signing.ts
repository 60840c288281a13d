import crypto from 'node:crypto';

export const IMAGE_ROUTE = '/api/v1/plex/image';
const DAY_SECONDS = 86_400;
const MAX_DIMENSION = 4000;
const KEY_LABEL = 'medianest/plex-image-url/v1';
const URL_MEMO_MAX = 20_000;

/** Poster sizes handed out by the API (2:3, enough for high-density screens). */
export const IMAGE_SIZES = {
  poster: { w: 300, h: 450 },
  detail: { w: 600, h: 900 },
} as const;
export interface ImageSize {
  w: number;
  h: number;
}

export type ImageCheck = { ok: true; path: string; width: number; height: number } | { ok: false; reason: string };

// A plain library path: no scheme, no `//`, no `..`, no backslashes, no percent-encoding
// (which could hide any of these), nothing outside this character set.
const SAFE_PATH = /^\/library\/[A-Za-z0-9._~\-/]+$/;
const SAFE_QUERY_VALUE = /^[A-Za-z0-9._~-]*$/;
const CANONICAL_DIMENSION = /^[1-9]\d{0,3}$/;
const CANONICAL_EXPIRY = /^[1-9]\d{0,11}$/;

/**
 * Whether `value` is a relative `/library/...` path of the configured server.
 * A query string is allowed only with simple values; a transcoder-style `url=`
 * inside it must itself be such a path.
 */
export function isSafeLibraryPath(value: string): boolean {
  if (value.length === 0 || value.length > 1024) return false;
  const q = value.indexOf('?');
  const path = q === -1 ? value : value.slice(0, q);
  if (!plainPath(path)) return false;
  if (q === -1) return true;
  const query = value.slice(q + 1);
  if (query.includes('%') || query.includes('+')) return false;
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const v = eq === -1 ? '' : part.slice(eq + 1);
    // Plex's own image paths never carry a token; one in a URL would end up in logs and caches.
    if (!SAFE_QUERY_VALUE.test(name) || name.toLowerCase().startsWith('x-plex-')) return false;
    if (name.toLowerCase() === 'url' ? !plainPath(v) : !SAFE_QUERY_VALUE.test(v)) return false;
  }
  return true;
}

function plainPath(path: string): boolean {
  return SAFE_PATH.test(path) && !path.includes('//') && !path.split('/').some((segment) => segment === '..' || segment === '.');
}

/**
 * Signs image URLs so the image route can serve them without a session (an
 * <img> tag sends no bearer token) while refusing anything the API did not
 * hand out. The expiry is rounded up to the end of the next UTC day: a URL
 * stays the same all day, so browsers and proxies can cache the image, and
 * it is valid for at least 24 hours.
 */
export class ImageSigner {
  private readonly key: Buffer;
  /** Signed URLs of the current expiry: the same path and size give the same URL all day. */
  private readonly urls = new Map<string, string | null>();
  private urlsExp = 0;

  private readonly now: () => number;

  constructor(secret: string, options: { clock?: () => number } = {}) {
    this.now = options.clock ?? Date.now;
    // A key of its own, so an image signature can never stand in for any other HMAC made with JWT_SECRET.
    this.key = Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), KEY_LABEL, 32));
  }

  /** The signed URL for a library image path, or null when the path is not one we would serve. */
  url(path: string | null | undefined, size: ImageSize): string | null {
    if (!path) return null;
    const exp = this.expiry();
    if (exp !== this.urlsExp || this.urls.size >= URL_MEMO_MAX) {
      this.urls.clear();
      this.urlsExp = exp;
    }
    const memoKey = `${size.w}x${size.h}|${path}`;
    let url = this.urls.get(memoKey);
    if (url === undefined) {
      url = this.signedUrl(path, size, exp);
      this.urls.set(memoKey, url);
    }
    return url;
  }

  private signedUrl(path: string, size: ImageSize, exp: number): string | null {
    if (!isSafeLibraryPath(path)) return null;
    const params = new URLSearchParams({ path, w: String(size.w), h: String(size.h), exp: String(exp), sig: this.sign(path, size.w, size.h, exp) });
    return `${IMAGE_ROUTE}?${params.toString()}`;
  }

  /** Checks the query of an image request: signature first, then expiry and path. */
  verify(query: Record<string, unknown>): ImageCheck {
    const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
    const [path, w, h, exp, sig] = [text(query.path), text(query.w), text(query.h), text(query.exp), text(query.sig)];
    if (path === undefined || w === undefined || h === undefined || exp === undefined || sig === undefined) return { ok: false, reason: 'missing' };
    // One canonical spelling per value (plain decimal, no leading zero, sign or exponent), the one
    // url() writes: `w=0300` or `exp=+1e9` must not verify as the URL that was signed.
    if (!CANONICAL_DIMENSION.test(w) || !CANONICAL_DIMENSION.test(h) || !CANONICAL_EXPIRY.test(exp)) return { ok: false, reason: 'malformed' };
    const width = Number(w);
    const height = Number(h);
    const expected = Buffer.from(this.sign(path, width, height, Number(exp)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
    if (Number(exp) * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    if (width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION) return { ok: false, reason: 'size' };
    if (!isSafeLibraryPath(path)) return { ok: false, reason: 'path' };
    return { ok: true, path, width, height };
  }

  /** HMAC-SHA256 over path|width|height|expiry (the path cannot contain `|`). */
  sign(path: string, width: number, height: number, exp: number): string {
    return crypto.createHmac('sha256', this.key).update(`${path}|${width}|${height}|${exp}`).digest('base64url');
  }

  /** End of the UTC day after today, in unix seconds. */
  expiry(): number {
    return (Math.floor(this.now() / 1000 / DAY_SECONDS) + 2) * DAY_SECONDS;
  }
}
