import { z } from 'zod';
import { pageQuery } from '../../http/pagination';
import { CHANNELS, KINDS } from './kinds';

/** Request and response schemas of the notifications routes (validation and the OpenAPI document). */

// In-app notifications (notification.routes.ts)
export const notificationSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  message: z.string(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export const notificationListQuery = pageQuery.extend({
  unreadOnly: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
});
export const idParams = z.object({ id: z.string().min(1).max(64) });

// Channels, targets and push subscriptions (channels.routes.ts)
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

export const channelSettingsBody = z
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

export const channelSettingsResponse = z.object({
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

export const subscriptionBody = z
  .object({
    endpoint: httpUrl,
    keys: z.object({ p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'a base64url P-256 public key'), auth: z.string().regex(/^[A-Za-z0-9_-]{16,24}={0,2}$/, 'a base64url 16-byte secret') }).strict(),
    expirationTime: z.number().nullable().optional(),
  })
  .strict();

// The admins' notification settings, deliveries and announcements (admin-notify.routes.ts)
const text = (max: number) => z.string().trim().min(1).max(max);
export const adminNotifySettingsBody = z
  .object({
    smtp: z
      .object({
        host: text(253).nullable().optional(),
        port: z.number().int().min(1).max(65535).nullable().optional(),
        tls: z.enum(['none', 'starttls', 'tls']).optional(),
        user: text(200).nullable().optional(),
        password: z.string().min(1).max(500).nullable().optional().describe('write-only; null clears it'),
        from: text(300).regex(/@/, 'must contain an address').nullable().optional(),
      })
      .strict()
      .optional(),
    serverName: text(100).nullable().optional(),
    digest: z.object({ enabled: z.boolean().optional(), day: z.number().int().min(0).max(6).optional() }).strict().optional(),
    discordWebhookUrl: z.string().trim().url().max(2000).nullable().optional(),
  })
  .strict();

export const adminNotifySettingsResponse = z.object({
  smtp: z.object({
    host: z.string().nullable(),
    port: z.number().nullable(),
    tls: z.enum(['none', 'starttls', 'tls']),
    user: z.string().nullable(),
    passwordSet: z.boolean(),
    from: z.string().nullable(),
    managedByEnv: z.boolean(),
  }),
  serverName: z.string(),
  digest: z.object({ enabled: z.boolean(), day: z.number().int() }),
  discordWebhookSet: z.boolean(),
  vapidPublicKey: z.string().nullable().describe('null until the first browser asks for it'),
  deliveries: z.record(z.string(), z.number()).describe('queued/sent/failed/dropped counts'),
});

export const deliverySchema = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  channel: z.string(),
  status: z.enum(['queued', 'sent', 'failed', 'dropped']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  runAt: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  title: z.string(),
});

export const announcementBody = z.object({ title: text(200), message: text(2000), link: z.string().trim().regex(/^\/[^\s]*$/, 'a path in the web app').max(500).optional() }).strict();

// One-click unsubscribe (unsubscribe.routes.ts)
export const unsubscribeQuery = z.object({ token: z.string().min(10).max(500) });
