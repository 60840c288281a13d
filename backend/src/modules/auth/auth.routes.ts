import { Router, type Request, type Response } from 'express';
import type { CounterStore } from '../../cache/counter-store';
import type { Config } from '../../config/env';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { can } from '../../policies/policy';
import { createLimiter } from '../../http/rate-limit';
import { sameOriginOnly } from '../../http/security';
import { bearerToken, type TokenSigner } from '../../security/tokens';
import type { AuthService } from './auth.service';
import { loginBody, loginResponse, meResponse, passwordBody, pendingResponse, pinBody, pinStartResponse, sessionResponse } from './auth.schemas';
import type { PlexAuthService } from './plex-auth.service';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';
import type { ClientMeta, IssuedSession, SessionService } from './session.service';
import { toUserResponse } from './user.presenter';

export interface AuthRouteDeps {
  api: ApiRegistry;
  config: Config;
  counters: CounterStore;
  signer: TokenSigner;
  auth: AuthService;
  plexAuth: PlexAuthService;
  sessions: SessionService;
}

const BASE = '/api/v1/auth';
const TAGS = ['Auth'];

function clientMeta(req: Request): ClientMeta {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}

export function authRoutes(d: AuthRouteDeps): Router {
  const router = Router();
  const secure = d.config.isProduction;
  const limit = { name: 'auth', limit: d.config.rateLimitAuthPerMinute, windowMs: 60_000 };
  // One per-IP budget for login, PIN and password routes. PIN polls that answer
  // "pending" give their hit back: a client waiting for approval polls often,
  // and the pinToken already makes the poll unguessable.
  const authLimiter = createLimiter(d.counters, limit);
  const pinPollLimiter = createLimiter(d.counters, { ...limit, uncounted: (_req, res) => res.statusCode === 202 });
  const sameOrigin = sameOriginOnly(d.config.corsOrigins);

  const sendSession = (res: Response, issued: IssuedSession, extra: Record<string, unknown> = {}) => {
    setRefreshCookie(res, issued.refreshToken, secure);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: toUserResponse(issued.user), accessToken: issued.accessToken, expiresAt: issued.expiresAt.toISOString(), ...extra });
  };

  for (const method of ['get', 'post'] as const) {
    router[method](
      '/plex/login',
      ...d.api.endpoint(
        {
          method,
          path: `${BASE}/plex/login`,
          summary: 'Start sign-in with Plex: a PIN to approve at the authUrl',
          tags: TAGS,
          access: 'public',
          before: [authLimiter],
          responses: {
            200: { description: 'PIN created at plex.tv; keep pinToken to poll the callback', schema: pinStartResponse },
            503: { description: 'No Plex server configured (NOT_CONFIGURED) or plex.tv unreachable (SERVICE_UNAVAILABLE)' },
          },
        },
        async ({ res }) => {
          const pin = await d.plexAuth.start();
          res.setHeader('Cache-Control', 'no-store');
          res.json({ ...pin, expiresAt: pin.expiresAt.toISOString() });
        },
      ),
    );
  }

  router.post(
    '/plex/link/pin',
    ...d.api.endpoint(
      {
        method: 'post',
        path: `${BASE}/plex/link/pin`,
        summary: 'Start linking a Plex account to yours: a PIN to approve at the authUrl, then POST /auth/plex/link. Admins may link before a Plex server is configured (to pick it in the setup checklist)',
        tags: TAGS,
        access: 'user',
        before: [authLimiter],
        responses: {
          200: { description: 'PIN created at plex.tv; keep pinToken for /auth/plex/link', schema: pinStartResponse },
          503: { description: 'No Plex server configured and you are not an admin (NOT_CONFIGURED), or plex.tv unreachable (SERVICE_UNAVAILABLE)' },
        },
      },
      async ({ res }) => {
        const pin = await d.plexAuth.start({ serverOptional: can(authOf(res).user, 'admin:access') });
        res.setHeader('Cache-Control', 'no-store');
        res.json({ ...pin, expiresAt: pin.expiresAt.toISOString() });
      },
    ),
  );

  router.post(
    '/plex/callback',
    ...d.api.endpoint(
      {
        method: 'post',
        path: `${BASE}/plex/callback`,
        summary: 'Poll a Plex PIN: pending until approved, then signs in (refresh cookie set)',
        tags: TAGS,
        access: 'public',
        before: [pinPollLimiter],
        body: pinBody,
        responses: {
          200: { description: 'Signed in', schema: sessionResponse },
          202: { description: 'Not approved yet; poll again', schema: pendingResponse },
          403: { description: 'PLEX_ACCESS_DENIED: the account neither owns nor has access to the configured server' },
          404: { description: 'No PIN with that pinId and pinToken' },
          410: { description: 'PIN_EXPIRED: expired or already completed' },
          503: { description: 'plex.tv or the Plex server cannot be reached' },
        },
      },
      async ({ body, req, res }) => {
        const result = await d.plexAuth.completeLogin(body.pinId, body.pinToken, clientMeta(req));
        if (result.status === 'pending') res.status(202).json(result);
        else sendSession(res, result.session);
      },
    ),
  );

  router.post(
    '/plex/link',
    ...d.api.endpoint(
      {
        method: 'post',
        path: `${BASE}/plex/link`,
        summary: 'Link an approved Plex PIN to your account (e.g. the bootstrap admin) when it has no Plex account yet; a link is never replaced',
        tags: TAGS,
        access: 'user',
        before: [pinPollLimiter],
        body: pinBody,
        responses: {
          200: { description: 'Linked', schema: meResponse },
          202: { description: 'Not approved yet; poll again', schema: pendingResponse },
          403: { description: 'PLEX_ACCESS_DENIED' },
          404: { description: 'No PIN with that pinId and pinToken' },
          409: { description: 'That Plex account belongs to another user, or your account is already linked to a different Plex account (nothing changes)' },
          410: { description: 'PIN_EXPIRED' },
        },
      },
      async ({ body, req, res }) => {
        const result = await d.plexAuth.link(authOf(res).user, body.pinId, body.pinToken, clientMeta(req));
        if (result.status === 'pending') res.status(202).json(result);
        else res.json({ user: toUserResponse(result.user) });
      },
    ),
  );

  router.post(
    '/login',
    ...d.api.endpoint(
      {
        method: 'post',
        path: `${BASE}/login`,
        summary: 'Sign in with username and password (refresh cookie set)',
        tags: TAGS,
        access: 'public',
        before: [authLimiter],
        body: loginBody,
        responses: {
          200: { description: 'Signed in', schema: loginResponse },
          401: { description: 'INVALID_CREDENTIALS, or ACCOUNT_SUSPENDED' },
          429: { description: 'Too many attempts from this address, or this username is locked for 15 minutes' },
        },
      },
      async ({ body, req, res }) => {
        const issued = await d.auth.login(body.username, body.password, clientMeta(req));
        sendSession(res, issued, { mustChangePassword: issued.user.mustChangePassword });
      },
    ),
  );

  router.post(
    '/password',
    ...d.api.endpoint(
      {
        method: 'post',
        path: `${BASE}/password`,
        summary: 'Change your password (ends your other sessions)',
        tags: TAGS,
        access: 'user',
        authOptions: { allowPasswordChange: true },
        before: [authLimiter],
        body: passwordBody,
        responses: {
          204: { description: 'Changed' },
          400: { description: 'New password shorter than 12 characters or equal to the current one' },
          401: { description: 'INVALID_CREDENTIALS: the current password is wrong' },
        },
      },
      async ({ body, req, res }) => {
        const { user, sessionId } = authOf(res);
        await d.auth.changePassword(user, sessionId, body.currentPassword, body.newPassword, clientMeta(req));
        res.status(204).end();
      },
    ),
  );

  router.post(
    '/refresh',
    ...d.api.endpoint(
      {
        method: 'post',
        path: `${BASE}/refresh`,
        summary: 'Exchange the refresh cookie for a new access token and a new cookie',
        tags: TAGS,
        access: 'public',
        before: [sameOrigin],
        responses: {
          200: { description: 'Refreshed', schema: sessionResponse },
          401: { description: 'No live session (a reused refresh token also ends its session)' },
          403: { description: 'Request from a foreign origin' },
        },
      },
      async ({ req, res }) => {
        try {
          sendSession(res, await d.sessions.refresh(readRefreshCookie(req), clientMeta(req)));
        } catch (err) {
          // A refused cookie is useless to the browser: drop it along with the 401.
          clearRefreshCookie(res, secure);
          throw err;
        }
      },
    ),
  );

  router.post(
    '/logout',
    ...d.api.endpoint(
      {
        method: 'post',
        path: `${BASE}/logout`,
        summary: 'Sign out: ends the session and clears the refresh cookie',
        tags: TAGS,
        access: 'public',
        before: [sameOrigin],
        responses: { 204: { description: 'Signed out' }, 403: { description: 'Request from a foreign origin' } },
      },
      async ({ req, res }) => {
        const token = bearerToken(req.get('authorization'));
        await d.sessions.end({ refreshToken: readRefreshCookie(req), claims: token ? d.signer.verify(token) : undefined }, clientMeta(req));
        clearRefreshCookie(res, secure);
        res.status(204).end();
      },
    ),
  );

  router.get(
    '/me',
    ...d.api.endpoint(
      {
        method: 'get',
        path: `${BASE}/me`,
        summary: 'The signed-in user',
        tags: TAGS,
        access: 'user',
        authOptions: { allowPasswordChange: true },
        responses: { 200: { description: 'You', schema: meResponse } },
      },
      ({ res }) => {
        res.json({ user: toUserResponse(authOf(res).user) });
      },
    ),
  );
  return router;
}
