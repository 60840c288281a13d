import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import cookieParser from 'cookie-parser';
import type { Container } from './container';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { metricsEndpoint } from './http/metrics-route';
import { createLimiter, userOrIpKey } from './http/rate-limit';
import { accessLog, requestId } from './http/request-context';
import { corsPolicy, securityHeaders } from './http/security';
import { docsRoutes } from './modules/docs/docs.routes';
import { healthRoutes } from './modules/health/health.routes';
import { notificationRoutes } from './modules/notifications/notification.routes';
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
  app.use(securityHeaders(c.config.isProduction));

  app.get('/metrics', metricsEndpoint(c.metrics, c.config.metricsToken));
  app.use(healthRoutes(c.api, c.health));
  app.use(docsRoutes(c.api, VERSION));

  const api = express.Router();
  api.use(corsPolicy(c.config.corsOrigins));
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  api.use(cookieParser());
  api.use(
    createLimiter(c.counters, {
      name: 'api',
      limit: c.config.rateLimitApiPerMinute,
      windowMs: 60_000,
      key: userOrIpKey(c.signer),
    }),
  );
  api.use('/notifications', notificationRoutes(c.api, c.notifications));
  app.use('/api/v1', api);
  app.use('/api', notFoundHandler());

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
