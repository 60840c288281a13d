import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import type { Container } from './container';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { metricsEndpoint } from './http/metrics-route';
import { createLimiter, userOrIpKey } from './http/rate-limit';
import { accessLog, requestId } from './http/request-context';
import { corsPolicy, noStore, securityHeaders } from './http/security';
import { adminRoutes } from './modules/admin/admin.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { docsRoutes } from './modules/docs/docs.routes';
import { healthRoutes } from './modules/health/health.routes';
import { inviteRoutes } from './modules/invites/invites.routes';
import { PlexServerPicker } from './modules/admin/plex-server-picker';
import { setupRoutes } from './modules/admin/setup.routes';
import { sessionRoutes } from './modules/auth/sessions.routes';
import { adminRequestRoutes } from './modules/media/admin-requests.routes';
import { mediaRoutes } from './modules/media/media.routes';
import { notificationRoutes } from './modules/notifications/notification.routes';
import { adminNotifyRoutes } from './modules/notifications/admin-notify.routes';
import { notificationChannelRoutes } from './modules/notifications/channels.routes';
import { unsubscribeRoutes } from './modules/notifications/unsubscribe.routes';
import { followRoutes } from './modules/follows/follows.routes';
import { digestRoutes } from './modules/follows/digest.routes';
import { servicesRoutes } from './modules/services/services.routes';
import { imageRoutes } from './modules/plex/image.routes';
import { plexRoutes } from './modules/plex/plex.routes';
import { webhookRoutes } from './modules/webhooks/overseerr-webhook.routes';
import { VERSION } from './container';

export interface AppOptions {
  /** The built web app to serve at `/` (frontend/dist), when present. */
  webRoot?: string;
}

export const JSON_BODY_LIMIT = '100kb';

/** Builds the Express app from an already-wired container. */
export function createApp(c: Container, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', c.config.trustProxy);
  app.set('query parser', 'simple');

  app.use(requestId());
  app.use(c.metrics.middleware());
  app.use(accessLog(c.logger));
  app.use(securityHeaders(c.config.isProduction, c.config.appUrl));
  // CORS for every API path, health included (monitoring from the app's origin, the runbook's check).
  app.use('/api', corsPolicy(c.config.corsOrigins));

  app.get('/metrics', metricsEndpoint(c.metrics, c.config.metricsToken));
  app.use(healthRoutes(c.api, c.health));
  app.use(docsRoutes(c.api, VERSION));

  const api = express.Router();
  api.use(noStore);
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  api.use(cookieParser());
  api.use(
    createLimiter(c.apiCounters, {
      name: 'api',
      limit: c.config.rateLimitApiPerMinute,
      windowMs: 60_000,
      key: userOrIpKey(c.signer),
    }),
  );
  const { accounts } = c;
  api.use('/auth/sessions', sessionRoutes(c.api, accounts.sessions));
  api.use('/auth', authRoutes({ api: c.api, config: c.config, counters: c.counters, signer: c.signer, ...accounts }));
  api.use('/admin/requests', adminRequestRoutes(c.api, c.media.queue));
  const plexServers = new PlexServerPicker({ plexTv: accounts.plexTv, encryptor: c.encryptor, settings: c.settings, settingsAdmin: accounts.settingsAdmin, metrics: c.metrics });
  api.use('/admin/setup', setupRoutes({ api: c.api, plexServers, settings: c.settings, webhooks: c.media.webhooks, appUrl: c.config.appUrl, metrics: c.metrics }));
  api.use('/admin', adminRoutes({ api: c.api, users: accounts.users, settings: accounts.settingsAdmin, audit: c.audit, shares: c.shares }));
  api.use('/notifications/unsubscribe', unsubscribeRoutes(c.api, c.notify.tokens, c.notify.prefs));
  api.use('/notifications', notificationChannelRoutes(c.api, c.notify));
  api.use('/notifications', notificationRoutes(c.api, c.notifications));
  api.use('/follows', followRoutes(c.api, c.follows.follows));
  api.use('/digest', digestRoutes(c.api, c.follows.digest));
  api.use('/admin', adminNotifyRoutes(c.api, c.notify, c.audit));
  api.use('/media', mediaRoutes(c.api, c.media.requests, c.media.discover));
  api.use('/services', servicesRoutes(c.api, c.services.status));
  api.use('/plex', plexRoutes(c.api, c.plex, c.shares));
  api.use(inviteRoutes({ api: c.api, config: c.config, counters: c.counters, invites: c.invites }));
  // Signed images have their own limit and must not use up the API budget, so they are served before it.
  app.use('/api/v1/plex/image', imageRoutes(c.api, c.plex, c.counters));
  // Public, authenticated by the shared secret Overseerr sends. Overseerr sends bursts after a
  // library scan, so the webhook has its own per-IP budget instead of the API's.
  app.use(
    '/api/v1/webhooks',
    noStore,
    express.json({ limit: JSON_BODY_LIMIT, strict: true }),
    createLimiter(c.counters, { name: 'webhook', limit: 1200, windowMs: 60_000 }),
    webhookRoutes(c.api, c.media.webhooks),
  );
  app.use('/api/v1', api);
  app.use('/api', noStore, notFoundHandler());

  if (options.webRoot && fs.existsSync(path.join(options.webRoot, 'index.html'))) serveWebApp(app, options.webRoot);

  app.use(notFoundHandler());
  app.use(errorHandler(c.logger));
  return app;
}

/** Static files with long caching for hashed assets, and the SPA fallback for client routes. */
function serveWebApp(app: Express, root: string): void {
  app.use(
    express.static(root, {
      index: false,
      setHeaders: (res, file) => {
        const immutable = file.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  const indexHtml = path.join(root, 'index.html');
  app.get(/^\/(?!api\/|api$|socket\.io\/|metrics$).*/, (req, res, next) => {
    if (!req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
}
