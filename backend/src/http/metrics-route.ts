import type { RequestHandler } from 'express';
import { safeEqual } from '../security/encryption';
import { bearerToken } from '../security/tokens';
import { UnauthenticatedError } from '../common/errors';
import type { Metrics } from '../common/metrics';

/** GET /metrics: Prometheus text behind a bearer token compared in constant time. */
export function metricsEndpoint(metrics: Metrics, token: string): RequestHandler {
  return async (req, res) => {
    const presented = bearerToken(req.get('authorization'));
    if (!presented || !safeEqual(presented, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthenticatedError('A valid metrics token is required.');
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await metrics.registry.metrics());
  };
}
