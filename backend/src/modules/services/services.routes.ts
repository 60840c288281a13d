import { Router } from 'express';
import { can } from '../../policies/policy';
import { authOf } from '../../http/authenticate';
import { sendOncePerObject, type ApiRegistry } from '../../http/endpoint';
import { historyParams, historyQuery, historySchema, serviceListSchema } from './services.schemas';
import type { HistoryAnswer, ServiceStatusService } from './services.service';

/** /api/v1/services: the status dashboard, for every signed-in user. */
export function servicesRoutes(api: ApiRegistry, status: ServiceStatusService): Router {
  const router = Router();
  // A history is reused until the next round (the same frozen array for every caller): serialized once.
  const sendHistory = sendOncePerObject((items: HistoryAnswer) => ({ items }));
  const base = '/api/v1/services';
  router.get(
    '/',
    ...api.endpoint(
      {
        method: 'get',
        path: base,
        summary: 'Monitored services with their latest status and uptime over 24 h, 7 d and 30 d',
        tags: ['Services'],
        access: 'user',
        responses: { 200: { description: 'Plex, Overseerr and the Uptime Kuma monitors; `url` for admins only', schema: serviceListSchema } },
      },
      async ({ res }) => {
        res.json({ items: await status.list(can(authOf(res).user, 'service:see-url')) });
      },
    ),
  );
  router.get(
    '/:id/history',
    ...api.endpoint(
      {
        method: 'get',
        path: `${base}/{id}/history`,
        summary: 'Status history of one service for charts, at most 500 points (bucketed)',
        tags: ['Services'],
        access: 'user',
        params: historyParams,
        query: historyQuery,
        responses: {
          200: { description: 'Points oldest first; each bucket has its worst status and average response time', schema: historySchema },
          404: { description: 'No such service' },
        },
      },
      async ({ params, query, res }) => {
        sendHistory(res, await status.history(params.id, query.range));
      },
    ),
  );
  return router;
}
