import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { listSchema, pageQuery } from '../../http/pagination';
import type { AdminRequestsService } from './admin-requests.service';
import { mediaRequestSchema, mediaTypeSchema, requestIdParams } from './media.schemas';
import { REQUEST_STATUSES } from './request-status';

const BASE = '/api/v1/admin/requests';
const TAGS = ['Admin'];

export const queueQuery = pageQuery.extend({
  status: z.enum(REQUEST_STATUSES).optional(),
  userId: z.string().min(1).max(64).optional(),
  mediaType: mediaTypeSchema.optional(),
  /** newest / oldest by creation, or most recently changed first. */
  sort: z.enum(['newest', 'oldest', 'updated']).default('newest'),
});
const queueItemSchema = mediaRequestSchema.extend({ user: z.object({ id: z.string(), username: z.string() }) });

/** The admins' request queue, mounted at /api/v1/admin/requests. */
export function adminRequestRoutes(api: ApiRegistry, queue: AdminRequestsService): Router {
  const router = Router();

  router.get(
    '/',
    ...api.endpoint(
      {
        method: 'get',
        path: BASE,
        summary: 'Every user\u2019s requests, filtered by status, user and type, sorted newest, oldest or last updated first',
        tags: TAGS,
        access: 'admin',
        query: queueQuery,
        responses: { 200: { description: 'A page of requests with their requester', schema: listSchema(queueItemSchema) } },
      },
      async ({ query, res }) => {
        res.json(await queue.list(query));
      },
    ),
  );

  for (const action of ['approve', 'decline'] as const) {
    router.post(
      `/:id/${action}`,
      ...api.endpoint(
        {
          method: 'post',
          path: `${BASE}/{id}/${action}`,
          summary: `${action === 'approve' ? 'Approve' : 'Decline'} a pending request in Overseerr; audited, and the requester sees it live`,
          tags: TAGS,
          access: 'admin',
          params: requestIdParams,
          responses: {
            200: { description: 'The request with its new status', schema: queueItemSchema },
            404: { description: 'No such request' },
            409: { description: 'Not pending (NOT_PENDING), not linked to Overseerr, or gone from Overseerr' },
            503: { description: 'Overseerr is not configured or not reachable' },
          },
        },
        async ({ params, req, res }) => {
          res.json(await queue.decide(authOf(res).user, params.id, action, req.ip));
        },
      ),
    );
  }
  return router;
}
