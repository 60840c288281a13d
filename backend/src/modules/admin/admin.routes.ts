import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { listSchema, pageQuery, skipTake, toList } from '../../http/pagination';
import type { AuditService } from '../audit/audit.service';
import { toUserResponse, userResponseSchema } from '../auth/user.presenter';
import type { AdminSettingsService } from './admin-settings.service';
import type { AdminUsersService } from './admin-users.service';
import type { ShareService } from '../shares/share.service';
import { plexShareSchema, toPlexShareResponse } from '../shares/share.presenter';
import { auditEntrySchema, settingsBody, settingsResponse, userIdParams, userPatchBody, usersQuery } from './admin.schemas';

export interface AdminRouteDeps {
  api: ApiRegistry;
  users: AdminUsersService;
  settings: AdminSettingsService;
  audit: AuditService;
  shares: ShareService;
}

/** A user in the admin's list: the contract's user plus what they may see of the Plex server. */
const adminUserSchema = userResponseSchema.extend({ plexShare: plexShareSchema });

const BASE = '/api/v1/admin';
const auditQuery = pageQuery.extend({ category: z.enum(['auth', 'admin', 'media']).optional(), actorId: z.string().min(1).max(64).optional() });
const TAGS = ['Admin'];

export function adminRoutes(d: AdminRouteDeps): Router {
  const router = Router();
  const { api } = d;

  router.get(
    '/users',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/users`,
        summary: 'Users, oldest first, each with their Plex share; search matches username or email',
        tags: TAGS,
        access: 'admin',
        query: usersQuery,
        responses: { 200: { description: 'A page of users', schema: listSchema(adminUserSchema) } },
      },
      async ({ query, res }) => {
        const { rows, total } = await d.users.listRows(query.search, query);
        const shares = await d.shares.sharesOf(rows.map((u) => u.id));
        res.json(toList(rows.map((u) => ({ ...toUserResponse(u), plexShare: toPlexShareResponse(u, shares.get(u.id)) })), total, query));
      },
    ),
  );

  router.patch(
    '/users/:id',
    ...api.endpoint(
      {
        method: 'patch',
        path: `${BASE}/users/{id}`,
        summary: 'Change role and/or status; suspension ends all their sessions and sockets at once',
        tags: TAGS,
        access: 'admin',
        params: userIdParams,
        body: userPatchBody,
        responses: {
          200: { description: 'The updated user', schema: userResponseSchema },
          404: { description: 'No such user' },
          409: { description: 'It would leave no active admin' },
        },
      },
      async ({ params, body, req, res }) => {
        res.json(toUserResponse(await d.users.update(authOf(res).user, params.id, body, req.ip)));
      },
    ),
  );

  router.delete(
    '/users/:id',
    ...api.endpoint(
      {
        method: 'delete',
        path: `${BASE}/users/{id}`,
        summary: 'Delete a user with their sessions, requests and notifications (audit entries stay)',
        tags: TAGS,
        access: 'admin',
        params: userIdParams,
        responses: { 204: { description: 'Deleted' }, 404: { description: 'No such user' }, 409: { description: 'It is the last active admin' } },
      },
      async ({ params, req, res }) => {
        await d.users.delete(authOf(res).user, params.id, req.ip);
        res.status(204).end();
      },
    ),
  );

  router.post(
    '/users/:id/plex-share/refresh',
    ...api.endpoint(
      {
        method: 'post',
        path: `${BASE}/users/{id}/plex-share/refresh`,
        summary: 'Re-read this Plex user\'s share (and access) from plex.tv now, as the re-check does every PLEX_ACCESS_RECHECK_SECONDS (default 3600)',
        tags: TAGS,
        access: 'admin',
        params: userIdParams,
        responses: {
          200: { description: 'The share now in force', schema: plexShareSchema },
          404: { description: 'No such user, or the user has no Plex account' },
          503: { description: 'plex.tv or the Plex server cannot be reached (service "plex"); the last known share stays' },
        },
      },
      async ({ params, req, res }) => {
        const { user, share } = await d.shares.refreshUser(authOf(res).user, params.id, req.ip);
        res.json(toPlexShareResponse(user, share));
      },
    ),
  );

  router.get(
    '/audit-log',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/audit-log`,
        summary: 'Logins, admin actions and requests, newest first; filter by category (auth, admin, media) and actor',
        tags: TAGS,
        access: 'admin',
        query: auditQuery,
        responses: { 200: { description: 'A page of audit entries', schema: listSchema(auditEntrySchema) } },
      },
      async ({ query, res }) => {
        const { skip, take } = skipTake(query);
        const { items, total } = await d.audit.list(skip, take, { category: query.category, actorId: query.actorId });
        res.json(toList(items, total, query));
      },
    ),
  );

  router.get(
    '/settings',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/settings`,
        summary: 'Integration settings; secrets only as "set" flags',
        tags: TAGS,
        access: 'admin',
        responses: { 200: { description: 'Settings', schema: settingsResponse } },
      },
      async ({ res }) => {
        res.json(await d.settings.view());
      },
    ),
  );

  router.put(
    '/settings',
    ...api.endpoint(
      {
        method: 'put',
        path: `${BASE}/settings`,
        summary:
          'Partial update: omitted fields are unchanged, null clears; token, apiKey and webhookSecret are write-only. The Plex token and the Overseerr API key are bound to the scheme, host and port of the URL they were saved with: a URL change to another origin without a new secret in the same update clears that secret (tokenSet/apiKeySet become false) and the audit entry records the old and new URLs',
        tags: TAGS,
        access: 'admin',
        body: settingsBody,
        responses: {
          200: { description: 'The settings now in force', schema: settingsResponse },
          409: { description: 'A field of a section managed by the environment' },
        },
      },
      async ({ body, req, res }) => {
        res.json(await d.settings.update(authOf(res).user, body, req.ip));
      },
    ),
  );
  return router;
}
