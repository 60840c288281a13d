import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { NotFoundError, ValidationError } from '../../common/errors';
import type { NotificationsModule } from './notifications.module';
import type { Targets } from './preferences.service';
import { channelSettingsBody, channelSettingsResponse, subscriptionBody } from './notifications.schemas';

const DISCORD_HOSTS = new Set(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com']);


function maskTargets(t: Targets) {
  return {
    discord: t.discord ? { webhookUrl: t.discord.webhookUrl.replace(/\/[^/]+$/, '/••••') } : null,
    ntfy: t.ntfy ? { url: t.ntfy.url, topic: t.ntfy.topic, hasToken: Boolean(t.ntfy.token) } : null,
    gotify: t.gotify ? { url: t.gotify.url, hasToken: true } : null,
  };
}

export function notificationChannelRoutes(api: ApiRegistry, m: NotificationsModule, isProduction: boolean): Router {
  const router = Router();
  const base = '/api/v1/notifications';

  const present = async (userId: string) => {
    const [s, user, admin, subscriptions] = await Promise.all([m.prefs.get(userId), m.users.findEmail(userId), m.adminSettings.get(), m.push.count(userId)]);
    return {
      preferences: s.preferences,
      targets: maskTargets(s.targets),
      digestOptOut: s.digestOptOut,
      email: { available: Boolean(user && admin.smtp.host && admin.smtp.from) },
      push: { subscriptions },
    };
  };

  router.get(
    '/settings',
    ...api.endpoint(
      { method: 'get', path: `${base}/settings`, summary: 'Your channels per kind of notification, and your targets (secrets masked)', tags: ['Notifications'], access: 'user', responses: { 200: { description: 'Your settings', schema: channelSettingsResponse } } },
      async ({ res }) => {
        res.json(await present(authOf(res).user.id));
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
        const discord = body.targets?.discord;
        if (discord && isProduction && !(DISCORD_HOSTS.has(new URL(discord.webhookUrl).hostname) && new URL(discord.webhookUrl).pathname.startsWith('/api/webhooks/'))) {
          throw new ValidationError('The request body is not valid.', [{ path: 'targets.discord.webhookUrl', message: 'must be a Discord webhook URL (https://discord.com/api/webhooks/...)', in: 'body' }]);
        }
        const userId = authOf(res).user.id;
        await m.prefs.update(userId, body);
        res.json(await present(userId));
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
        // Browsers' push services are always https; plain http is only for local test endpoints.
        if (isProduction && !body.endpoint.startsWith('https://')) {
          throw new ValidationError('The request body is not valid.', [{ path: 'endpoint', message: 'must be an https URL', in: 'body' }]);
        }
        const id = await m.push.subscribe(authOf(res).user.id, body.endpoint, body.keys, req.get('user-agent'));
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
        if (!(await m.push.unsubscribe(authOf(res).user.id, params.id))) throw new NotFoundError('No such push subscription.');
        res.status(204).end();
      },
    ),
  );
  router.post(
    '/test',
    ...api.endpoint(
      { method: 'post', path: `${base}/test`, summary: 'Send yourself a test notification on every channel you chose for announcements', tags: ['Notifications'], access: 'user', responses: { 202: { description: 'Queued', schema: z.object({ queued: z.number().int() }) } } },
      async ({ res }) => {
        const userId = authOf(res).user.id;
        const queued = await m.fanOut.fanOut(userId, 'announcement', `test:${Date.now()}:${userId}`, { kind: 'announcement', type: 'test', title: 'Test notification', message: 'If you can read this, this channel works.', link: '/notifications/settings' });
        res.status(202).json({ queued });
      },
    ),
  );
  return router;
}
