import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { NotFoundError, ValidationError } from '../../common/errors';
import type { NotificationsModule } from './notifications.module';
import { CHANNELS, KINDS } from './kinds';
import type { Targets } from './preferences.service';

const channelList = z.array(z.enum(CHANNELS)).max(CHANNELS.length);
const preferencesSchema = z.object(Object.fromEntries(KINDS.map((k) => [k, channelList])) as Record<(typeof KINDS)[number], typeof channelList>);
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');
const DISCORD_HOSTS = new Set(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com']);

const settingsBody = z
  .object({
    preferences: preferencesSchema.partial().strict().optional(),
    targets: z
      .object({
        discord: z.object({ webhookUrl: httpUrl }).strict().nullable().optional(),
        ntfy: z.object({ url: httpUrl, topic: z.string().trim().regex(/^[-_A-Za-z0-9]{1,64}$/, 'letters, digits, - and _ (1-64)'), token: z.string().trim().min(1).max(200).optional() }).strict().nullable().optional(),
        gotify: z.object({ url: httpUrl, token: z.string().trim().min(1).max(200) }).strict().nullable().optional(),
      })
      .strict()
      .optional(),
    digestOptOut: z.boolean().optional(),
  })
  .strict();

const settingsResponse = z.object({
  preferences: preferencesSchema,
  targets: z.object({
    discord: z.object({ webhookUrl: z.string().describe('masked') }).nullable(),
    ntfy: z.object({ url: z.string(), topic: z.string(), hasToken: z.boolean() }).nullable(),
    gotify: z.object({ url: z.string(), hasToken: z.boolean() }).nullable(),
  }),
  digestOptOut: z.boolean(),
  email: z.object({ available: z.boolean().describe('SMTP is configured and you have an email address') }),
  push: z.object({ subscriptions: z.number().int() }),
});

const subscriptionBody = z
  .object({
    endpoint: httpUrl,
    keys: z.object({ p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'a base64url P-256 public key'), auth: z.string().regex(/^[A-Za-z0-9_-]{16,24}={0,2}$/, 'a base64url 16-byte secret') }).strict(),
    expirationTime: z.number().nullable().optional(),
  })
  .strict();

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
      { method: 'get', path: `${base}/settings`, summary: 'Your channels per kind of notification, and your targets (secrets masked)', tags: ['Notifications'], access: 'user', responses: { 200: { description: 'Your settings', schema: settingsResponse } } },
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
        body: settingsBody,
        responses: { 200: { description: 'Your settings', schema: settingsResponse } },
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
