import { Router } from 'express';
import { z } from 'zod';
import type { Metrics } from '../../common/metrics';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import type { SettingsService } from '../settings/settings.service';
import type { OverseerrWebhookService } from '../webhooks/overseerr-webhook.service';
import { FAILURE_CAUSES, testConnection } from './connection-test';
import type { PlexServerPicker } from './plex-server-picker';

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
  cause: z.enum(FAILURE_CAUSES).optional(),
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

const plexServer = z.object({
  name: z.string(),
  machineIdentifier: z.string(),
  productVersion: z.string().nullable(),
  /** As plex.tv lists them: plex.direct https, plain http, and Plex's relay (slow, a last resort). */
  connections: z.array(z.object({ uri: z.string(), protocol: z.string(), local: z.boolean(), relay: z.boolean() })),
});
const plexServersResponse = z.object({ servers: z.array(plexServer) });
const plexServerBody = z.object({
  machineIdentifier: z.string().trim().min(1).max(200),
  uri: z.string().trim().max(2048).url().refine((u) => /^https?:\/\//i.test(u), 'must be an http or https URL'),
  /** Test only, save nothing. */
  dryRun: z.boolean().optional(),
  /** Save although the test failed (refused when the address is another server). */
  saveAnyway: z.boolean().optional(),
});
const plexServerResult = z.object({ saved: z.boolean(), test: testResult });

export interface SetupDeps {
  api: ApiRegistry;
  plexServers: PlexServerPicker;
  settings: SettingsService;
  webhooks: Pick<OverseerrWebhookService, 'lastTestAt'>;
  appUrl: string;
  /** Times the Test's calls (the outbound layer's upstream metric). */
  metrics: Metrics;
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
        responses: { 200: { description: 'ok, or the cause: connection_refused, dns, tls, timeout, wrong_token, wrong_product, not_found, too_large (the answer passed 1 MB; reading stopped)', schema: testResult } },
      },
      async ({ body, res }) => {
        res.json(await testConnection(d.metrics, body, await d.settings.get()));
      },
    ),
  );
  router.get(
    '/plex-servers',
    ...d.api.endpoint(
      {
        method: 'get',
        path: `${BASE}/plex-servers`,
        summary: 'The Plex servers your linked Plex account owns (from plex.tv), each with its addresses; no tokens',
        tags: TAGS,
        access: 'admin',
        responses: {
          200: { description: 'Owned servers (may be empty)', schema: plexServersResponse },
          409: { description: 'No Plex account linked to you, or plex.tv no longer accepts its sign-in (PLEX_NOT_LINKED)' },
          503: { description: 'plex.tv cannot be reached (service "plex")' },
        },
      },
      async ({ res }) => {
        res.json({ servers: await d.plexServers.list(authOf(res).user) });
      },
    ),
  );
  router.post(
    '/plex-server',
    ...d.api.endpoint(
      {
        method: 'post',
        path: `${BASE}/plex-server`,
        summary:
          'Use a server your linked Plex account owns: its access token is looked up at plex.tv, the address is tested (it must be that server: /identity), then URL and token are saved as the Plex settings (audited). dryRun only tests; saveAnyway saves after a failed test, except when the address is another server',
        tags: TAGS,
        access: 'admin',
        body: plexServerBody,
        responses: {
          200: { description: 'Tested (dryRun) or saved; the test result says what answered', schema: plexServerResult },
          400: { description: 'The address is not one plex.tv lists for that server' },
          404: { description: 'Your Plex account owns no server with that identifier' },
          409: { description: 'No Plex account linked (PLEX_NOT_LINKED), or Plex settings come from the environment' },
          422: { description: 'The test failed (CONNECTION_TEST_FAILED; details[0].cause, e.g. wrong_server, connection_refused); nothing saved' },
          503: { description: 'plex.tv cannot be reached (service "plex")' },
        },
      },
      async ({ body, req, res }) => {
        res.json(await d.plexServers.choose(authOf(res).user, body, req.ip));
      },
    ),
  );
  return router;
}
