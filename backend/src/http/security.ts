import type { RequestHandler } from 'express';
import cors from 'cors';
import helmet from 'helmet';
import { ForbiddenError } from '../common/errors';

/**
 * Browser features the web app never uses, switched off for it and anything it
 * might embed (camera, microphone, location, payment, device access, ...).
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'bluetooth=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
  'browsing-topics=()',
].join(', ');

/** The WebSocket origin of the app's public URL (http → ws, https → wss), which Socket.IO connects to. */
export function webSocketOrigin(appUrl: string): string {
  const url = new URL(appUrl);
  return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
}

/**
 * Helmet with a CSP that fits the bundled web app (same-origin scripts,
 * Socket.IO, signed images): scripts may only talk to the app's own origin
 * and its WebSocket URL, never to another host. Plus a Permissions-Policy.
 */
export function securityHeaders(isProduction: boolean, appUrl: string): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https://plex.tv', 'https://*.plex.tv', 'https://image.tmdb.org'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", webSocketOrigin(appUrl)],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        ...(isProduction ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    // The Plex approval page is opened in a popup and must not be severed from it.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // Every directive above is a constant, so helmet's headers are the same for every request:
  // they are recorded once from helmet itself and then set as they are (helmet otherwise
  // rebuilds the CSP string and runs a dozen middlewares per request).
  const recorded = recordHeaders(headers);
  if (!recorded) {
    return (req, res, next) => {
      res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
      headers(req, res, next);
    };
  }
  const { set, removed } = recorded;
  return (_req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

/** The headers a middleware sets and removes on a plain GET, or undefined if it did anything else. */
function recordHeaders(middleware: RequestHandler): { set: Array<[string, string]>; removed: string[] } | undefined {
  const set = new Map<string, string>();
  const removed: string[] = [];
  let nextCalled = false;
  let other = false;
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      if (typeof value !== 'string') other = true;
      set.set(name, String(value));
      return res;
    },
    removeHeader(name: string) {
      set.delete(name);
      removed.push(name);
    },
  };
  const req = { method: 'GET', url: '/', headers: {} };
  try {
    (middleware as unknown as (req: unknown, res: unknown, next: (err?: unknown) => void) => void)(req, res, (err) => {
      nextCalled = err === undefined;
    });
  } catch {
    return undefined;
  }
  if (!nextCalled || other) return undefined;
  return { set: [...set.entries()], removed };
}

/** API answers carry sessions, tokens and personal data: no browser or proxy may keep a copy. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

/** CORS for the configured origins only; other origins get no CORS headers. */
export function corsPolicy(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}

/** Cookie-carrying routes refuse requests from foreign origins (CSRF). */
export function sameOriginOnly(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, _res, next) => {
    const origin = req.get('origin');
    if (origin !== undefined && !allowed.has(origin)) {
      next(new ForbiddenError('This request must come from the MediaNest web app.'));
      return;
    }
    next();
  };
}
