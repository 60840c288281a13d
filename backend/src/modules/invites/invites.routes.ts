import { Router, type Request } from 'express';
import type { CounterStore } from '../../cache/counter-store';
import type { Config } from '../../config/env';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { NotFoundError } from '../../common/errors';
import { listSchema, pageQuery } from '../../http/pagination';
import { createLimiter } from '../../http/rate-limit';
import { pendingResponse, sessionResponse } from '../auth/auth.schemas';
import { setRefreshCookie } from '../auth/refresh-cookie';
import { toUserResponse } from '../auth/user.presenter';
import type { InvitesModule } from './invites.module';
import {
  acceptInviteBody, createInviteBody, importResponse, inviteCodeParams, inviteIdParams, inviteResponse, membershipResponse,
  myMembershipResponse, publicInviteResponse, updateAccessBody, userIdParams,
} from './invites.schemas';

export interface InviteRouteDeps {
  api: ApiRegistry;
  config: Config;
  counters: CounterStore;
  invites: InvitesModule;
}

const V1 = '/api/v1';
const meta = (req: Request) => ({ ip: req.ip, userAgent: req.get('user-agent') });

/** Mounted on the /api/v1 router: public invite pages, admin invitations and access, and the member's own access. */
export function inviteRoutes(d: InviteRouteDeps): Router {
  const router = Router();
  const { api } = d;
  const m = d.invites;
  // The invite page shares the sign-in budget per IP: codes cannot be guessed at speed. Polls
  // that answer "pending" give their hit back, as the PIN callback's do.
  const limit = { name: 'invite', limit: d.config.rateLimitAuthPerMinute, windowMs: 60_000 };
  const pageLimiter = createLimiter(d.counters, limit);
  const acceptLimiter = createLimiter(d.counters, { ...limit, name: 'invite-accept', uncounted: (_req, res) => res.statusCode === 202 });
  const inviteErrors = { 404: { description: 'No invitation with that code' }, 410: { description: 'INVITE_EXPIRED, INVITE_USED_UP or INVITE_REVOKED' } };

  router.get('/invites/:code', ...api.endpoint({
    method: 'get', path: `${V1}/invites/{code}`, summary: 'What an invitation offers: who invites, which libraries, until when', tags: ['Invitations'],
    access: 'public', before: [pageLimiter], params: inviteCodeParams,
    responses: { 200: { description: 'The invitation', schema: publicInviteResponse }, ...inviteErrors },
  }, async ({ params, res }) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await m.invites.publicView(params.code));
  }));

  router.post('/invites/:code/accept', ...api.endpoint({
    method: 'post', path: `${V1}/invites/{code}/accept`,
    summary: 'Accept with a Plex PIN (from GET /auth/plex/login): shares the server on plex.tv, creates the account, signs in', tags: ['Invitations'],
    access: 'public', before: [acceptLimiter], params: inviteCodeParams, body: acceptInviteBody,
    responses: {
      200: { description: 'Joined and signed in (refresh cookie set)', schema: sessionResponse.extend({ accessExpiresAt: inviteResponse.shape.expiresAt }) },
      202: { description: 'The PIN is not approved yet; poll again', schema: pendingResponse },
      ...inviteErrors,
      409: { description: 'The Plex account owns the server or is already a member; nothing changed' },
      503: { description: 'plex.tv failed at a named step; nothing was kept and the same PIN can retry' },
    },
  }, async ({ params, body, req, res }) => {
    const result = await m.accept.accept(params.code, body.pinId, body.pinToken, meta(req));
    if (result.status === 'pending') {
      res.status(202).json(result);
      return;
    }
    setRefreshCookie(res, result.session.refreshToken, d.config.isProduction);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ user: toUserResponse(result.session.user), accessToken: result.session.accessToken, expiresAt: result.session.expiresAt.toISOString(), accessExpiresAt: result.expiresAt?.toISOString() ?? null });
  }));

  router.get('/membership', ...api.endpoint({
    method: 'get', path: `${V1}/membership`, summary: 'Your own access to the Plex server: libraries and when it ends', tags: ['Invitations'],
    access: 'user', responses: { 200: { description: 'Your access, or null when MediaNest does not manage it', schema: myMembershipResponse } },
  }, async ({ res }) => {
    res.json({ membership: await m.memberships.view(authOf(res).user.id) });
  }));

  const admin = { tags: ['Admin', 'Invitations'], access: 'admin' as const };
  router.post('/admin/invites', ...api.endpoint({
    ...admin, method: 'post', path: `${V1}/admin/invites`, summary: 'Create an invitation: libraries, role, link expiry, uses, access duration, sync, note',
    body: createInviteBody,
    responses: { 201: { description: 'The invitation with its code and link', schema: inviteResponse }, 400: { description: 'Unknown library' }, 503: { description: 'Plex not configured or unreachable' } },
  }, async ({ body, req, res }) => {
    res.status(201).json(await m.invites.create(authOf(res).user, body, req.ip));
  }));

  router.get('/admin/invites', ...api.endpoint({
    ...admin, method: 'get', path: `${V1}/admin/invites`, summary: 'Invitations, newest first, with their uses and status', query: pageQuery,
    responses: { 200: { description: 'A page of invitations', schema: listSchema(inviteResponse) } },
  }, async ({ query, res }) => {
    res.json(await m.invites.list(query));
  }));

  router.delete('/admin/invites/:id', ...api.endpoint({
    ...admin, method: 'delete', path: `${V1}/admin/invites/{id}`, summary: 'Revoke an invitation (people who joined keep their access)', params: inviteIdParams,
    responses: { 204: { description: 'Revoked' }, 404: { description: 'No such invitation' } },
  }, async ({ params, req, res }) => {
    await m.invites.revoke(authOf(res).user, params.id, req.ip);
    res.status(204).end();
  }));

  router.get('/admin/users/:id/access', ...api.endpoint({
    ...admin, method: 'get', path: `${V1}/admin/users/{id}/access`, summary: "A member's Plex access: libraries, end date, state", params: userIdParams,
    responses: { 200: { description: 'The access', schema: membershipResponse }, 404: { description: 'No such user, or access not managed by MediaNest' } },
  }, async ({ params, res }) => {
    const view = await m.memberships.view(params.id);
    if (!view) throw new NotFoundError('This user has no Plex access managed by MediaNest.');
    res.json(view);
  }));

  router.patch('/admin/users/:id/access', ...api.endpoint({
    ...admin, method: 'patch', path: `${V1}/admin/users/{id}/access`, summary: 'Change libraries or sync (updates the plex.tv share) and/or the end of access (null = no end)',
    params: userIdParams, body: updateAccessBody,
    responses: { 200: { description: 'The access now', schema: membershipResponse }, 404: { description: 'No managed access' }, 409: { description: 'Access already ended' }, 503: { description: 'plex.tv failed; nothing changed' } },
  }, async ({ params, body, req, res }) => {
    res.json(await m.memberships.update(authOf(res).user, params.id, body, req.ip));
  }));

  router.post('/admin/users/:id/access/end', ...api.endpoint({
    ...admin, method: 'post', path: `${V1}/admin/users/{id}/access/end`, summary: 'End access now: removes the plex.tv share, suspends the account (sessions end)',
    params: userIdParams,
    responses: { 200: { description: 'The ended access', schema: membershipResponse }, 404: { description: 'No managed access' }, 409: { description: 'Already ended' }, 503: { description: 'plex.tv failed; nothing changed' } },
  }, async ({ params, req, res }) => {
    res.json(await m.memberships.endNow(authOf(res).user, params.id, req.ip));
  }));

  router.post('/admin/plex-friends/import', ...api.endpoint({
    ...admin, method: 'post', path: `${V1}/admin/plex-friends/import`, summary: "Import the owner's Plex friends who can use this server, with their current libraries",
    responses: { 200: { description: 'How many were imported, updated or skipped', schema: importResponse }, 503: { description: 'plex.tv failed' } },
  }, async ({ req, res }) => {
    res.json(await m.friendsImport.run(authOf(res).user, req.ip));
  }));

  return router;
}
