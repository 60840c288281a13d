import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import type { NotificationsModule } from './notifications.module';
import { channelSettingsBody, channelSettingsResponse, subscriptionBody } from './notifications.schemas';

export function notificationChannelRoutes(api: ApiRegistry, m: NotificationsModule): Router {
  const router = Router();
  const base = '/api/v1/notifications';

  router.get(
    '/settings',
    ...api.endpoint(
      { method: 'get', path: `${base}/settings`, summary: 'Your channels per kind of notification, and your targets (secrets masked)', tags: ['Notifications'], access: 'user', responses: { 200: { description: 'Your settings', schema: channelSettingsResponse } } },
      async ({ res }) => {
        res.json(await m.channels.view(authOf(res).user.id));
      },
    ),
  );
  router.put(
    '/settings',
    ...api.endpoint(
      {
        method: 'put',
        path: `${base}/settings`,
        summary: 'Change your channels per kind, your Discord/ntfy/Gotify targets (null removes one) or the weekly digest opt-out',
        tags: ['Notifications'],
        access: 'user',
        body: channelSettingsBody,
        responses: { 200: { description: 'Your settings', schema: channelSettingsResponse } },
      },
      async ({ body, res }) => {
        res.json(await m.channels.update(authOf(res).user.id, body));
      },
    ),
  );
  router.get(
    '/push/public-key',
    ...api.endpoint(
      { method: 'get', path: `${base}/push/public-key`, summary: 'The server\u2019s VAPID public key (applicationServerKey for PushManager.subscribe)', tags: ['Notifications'], access: 'user', responses: { 200: { description: 'The key', schema: z.object({ publicKey: z.string() }) } } },
      async ({ res }) => {
        res.json({ publicKey: (await m.adminSettings.vapid()).publicKey });
      },
    ),
  );
  router.post(
    '/push/subscriptions',
    ...api.endpoint(
      {
        method: 'post',
        path: `${base}/push/subscriptions`,
        summary: 'Register this browser\u2019s push subscription (PushSubscription.toJSON())',
        tags: ['Notifications'],
        access: 'user',
        body: subscriptionBody,
        responses: { 201: { description: 'Registered', schema: z.object({ id: z.string() }) } },
      },
      async ({ body, req, res }) => {
        const id = await m.channels.subscribe(authOf(res).user.id, body, req.get('user-agent'));
        res.status(201).json({ id });
      },
    ),
  );
  router.delete(
    '/push/subscriptions/:id',
    ...api.endpoint(
      {
        method: 'delete',
        path: `${base}/push/subscriptions/{id}`,
        summary: 'Remove one of your push subscriptions',
        tags: ['Notifications'],
        access: 'user',
        params: z.object({ id: z.string().uuid() }),
        responses: { 204: { description: 'Removed' }, 404: { description: 'No such subscription of yours' } },
      },
      async ({ params, res }) => {
        await m.channels.unsubscribe(authOf(res).user.id, params.id);
        res.status(204).end();
      },
    ),
  );
  router.post(
    '/test',
    ...api.endpoint(
      { method: 'post', path: `${base}/test`, summary: 'Send yourself a test notification on every channel you chose for announcements', tags: ['Notifications'], access: 'user', responses: { 202: { description: 'Queued', schema: z.object({ queued: z.number().int() }) } } },
      async ({ res }) => {
        const queued = await m.channels.sendTest(authOf(res).user.id);
        res.status(202).json({ queued });
      },
    ),
  );
  return router;
}
