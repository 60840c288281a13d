import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { NotFoundError } from '../../common/errors';
import { skipTake } from '../../http/pagination';
import type { NotificationService } from './notification.service';
import { idParams, notificationListQuery, notificationSchema } from './notifications.schemas';


export function notificationRoutes(api: ApiRegistry, notifications: NotificationService): Router {
  const router = Router();
  const base = '/api/v1/notifications';
  router.get(
    '/',
    ...api.endpoint(
      {
        method: 'get',
        path: base,
        summary: 'Your notifications, newest first, with the unread count',
        tags: ['Notifications'],
        access: 'user',
        query: notificationListQuery,
        responses: {
          200: {
            description: 'A page of notifications',
            schema: z.object({ items: z.array(notificationSchema), total: z.number(), page: z.number(), pageSize: z.number(), unreadCount: z.number() }),
          },
        },
      },
      async ({ query, res }) => {
        const { user } = authOf(res);
        const result = await notifications.list(user.id, { unreadOnly: query.unreadOnly, ...skipTake(query) });
        res.json({ items: result.items, total: result.total, page: query.page, pageSize: query.pageSize, unreadCount: result.unreadCount });
      },
    ),
  );
  router.post(
    '/read-all',
    ...api.endpoint(
      { method: 'post', path: `${base}/read-all`, summary: 'Mark all your notifications read', tags: ['Notifications'], access: 'user', responses: { 204: { description: 'Done' } } },
      async ({ res }) => {
        await notifications.markAllRead(authOf(res).user.id);
        res.status(204).end();
      },
    ),
  );
  router.post(
    '/:id/read',
    ...api.endpoint(
      {
        method: 'post',
        path: `${base}/{id}/read`,
        summary: 'Mark one notification read',
        tags: ['Notifications'],
        access: 'user',
        params: idParams,
        responses: { 204: { description: 'Done' }, 404: { description: 'No such notification of yours' } },
      },
      async ({ params, res }) => {
        const found = await notifications.markRead(authOf(res).user.id, params.id);
        if (!found) throw new NotFoundError('No such notification.');
        res.status(204).end();
      },
    ),
  );
  return router;
}
