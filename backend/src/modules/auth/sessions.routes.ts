import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { sessionSchema } from './auth.schemas';
import type { SessionService } from './session.service';

const BASE = '/api/v1/auth/sessions';
const TAGS = ['Auth'];

/** The signed-in user's own sessions (devices), and signing out all the others. */
export function sessionRoutes(api: ApiRegistry, sessions: SessionService): Router {
  const router = Router();
  router.get(
    '/',
    ...api.endpoint(
      {
        method: 'get',
        path: BASE,
        summary: 'Your active sessions (one per signed-in device), most recently used first',
        tags: TAGS,
        access: 'user',
        responses: { 200: { description: 'Sessions', schema: z.object({ items: z.array(sessionSchema) }) } },
      },
      async ({ res }) => {
        const { user, sessionId } = authOf(res);
        const rows = await sessions.listActive(user.id);
        res.json({
          items: rows.map((s) => ({
            id: s.id,
            createdAt: s.createdAt.toISOString(),
            lastUsedAt: s.lastUsedAt.toISOString(),
            userAgent: s.userAgent,
            ip: s.ip,
            current: s.id === sessionId,
          })),
        });
      },
    ),
  );
  router.post(
    '/sign-out-others',
    ...api.endpoint(
      {
        method: 'post',
        path: `${BASE}/sign-out-others`,
        summary: 'End every session of yours except this one (their sockets drop at once)',
        tags: TAGS,
        access: 'user',
        responses: { 204: { description: 'Signed out elsewhere' } },
      },
      async ({ res }) => {
        const { user, sessionId } = authOf(res);
        await sessions.revokeAllForUser(user.id, 'signed_out_elsewhere', sessionId);
        res.status(204).end();
      },
    ),
  );
  return router;
}
