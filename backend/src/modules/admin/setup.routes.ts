import { Router } from 'express';
import { z } from 'zod';
import type { ApiRegistry } from '../../http/endpoint';
import type { SettingsService } from '../settings/settings.service';
import type { OverseerrWebhookService } from '../webhooks/overseerr-webhook.service';
import { testConnection } from './connection-test';

const BASE = '/api/v1/admin/setup';
const TAGS = ['Admin'];
const WEBHOOK_PATH = '/api/v1/webhooks/overseerr';

const testBody = z.object({
  service: z.enum(['plex', 'overseerr', 'uptimeKuma']),
  url: z.string().trim().max(2048).url().refine((u) => /^https?:\/\//i.test(u) && !/\/\/[^/]*@/.test(u), 'must be an http or https URL without credentials').transform((u) => u.replace(/\/+$/, '')).optional(),
  /** Plex token or Overseerr API key; the saved one when omitted. */
  secret: z.string().trim().min(1).max(1024).optional(),
  statusPage: z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/).optional(),
});
const testResult = z.object({
  ok: z.boolean(),
  cause: z.enum(['connection_refused', 'dns', 'tls', 'timeout', 'wrong_token', 'wrong_product', 'not_found', 'http_error', 'incomplete']).optional(),
  message: z.string(),
  detail: z.string().optional(),
});
const step = z.object({ configured: z.boolean(), managedByEnv: z.boolean() });
const setupStatus = z.object({
  plex: step,
  overseerr: step,
  webhook: z.object({ url: z.string(), secretSet: z.boolean(), lastTestAt: z.string().nullable() }),
  uptimeKuma: step,
  /** Everything but the optional Uptime Kuma works. */
  done: z.boolean(),
});

export interface SetupDeps {
  api: ApiRegistry;
  settings: SettingsService;
  webhooks: Pick<OverseerrWebhookService, 'lastTestAt'>;
  appUrl: string;
}

/** The first-run checklist: what is set up, a Test for each connection, and whether Overseerr's test webhook arrived. */
export function setupRoutes(d: SetupDeps): Router {
  const router = Router();
  router.get(
    '/',
    ...d.api.endpoint(
      {
        method: 'get',
        path: BASE,
        summary: 'Setup checklist: Plex, Overseerr, the webhook (its URL and when its test arrived), Uptime Kuma',
        tags: TAGS,
        access: 'admin',
        responses: { 200: { description: 'Checklist', schema: setupStatus } },
      },
      async ({ res }) => {
        const s = await d.settings.get();
        const lastTestAt = await d.webhooks.lastTestAt();
        const plex = { configured: Boolean(s.plex.serverUrl && s.plex.token), managedByEnv: s.plex.managedByEnv };
        const overseerr = { configured: Boolean(s.overseerr.url && s.overseerr.apiKey), managedByEnv: s.overseerr.managedByEnv };
        const webhook = { url: `${d.appUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`, secretSet: Boolean(s.overseerr.webhookSecret), lastTestAt };
        res.json({
          plex,
          overseerr,
          webhook,
          uptimeKuma: { configured: Boolean(s.uptimeKuma.url && s.uptimeKuma.statusPage), managedByEnv: s.uptimeKuma.managedByEnv },
          done: plex.configured && overseerr.configured && webhook.secretSet && lastTestAt !== null,
        });
      },
    ),
  );
  router.post(
    '/test',
    ...d.api.endpoint(
      {
        method: 'post',
        path: `${BASE}/test`,
        summary: 'Try connection settings (given, or the saved ones) without saving; says the real cause when it fails',
        tags: TAGS,
        access: 'admin',
        body: testBody,
        responses: { 200: { description: 'ok, or the cause: connection_refused, dns, tls, timeout, wrong_token, wrong_product, not_found', schema: testResult } },
      },
      async ({ body, res }) => {
        res.json(await testConnection(body, await d.settings.get()));
      },
    ),
  );
  return router;
}
