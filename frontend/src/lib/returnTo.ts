/**
 * Where to go after signing in. Only a path of this app is followed: it must
 * start with a single `/`, carry no backslash or control character (browsers
 * turn `/\evil.com` and `/\t/evil.com` into `//evil.com`), and resolve to this
 * origin. Anything else, and the sign-in page itself, goes home.
 */
export function safeReturnTo(from: unknown, origin: string = window.location.origin): string {
  if (typeof from !== 'string' || from.length === 0 || from.length > 2048) return '/';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (!from.startsWith('/') || from.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(from)) return '/';
  let url: URL;
  try {
    url = new URL(from, origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin) return '/';
  if (url.pathname === '/sign-in' || url.pathname.startsWith('/sign-in/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
