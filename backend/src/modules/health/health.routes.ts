import { Router } from 'express';
import { z } from 'zod';
import { sendOncePerObject, type ApiRegistry } from '../../http/endpoint';
import type { HealthReport, HealthService } from './health.service';

const componentHealth = z.enum(['healthy', 'unhealthy', 'not_configured']);
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'error']),
  timestamp: z.string(),
  version: z.string(),
  uptimeSeconds: z.number().int(),
  services: z.object({ database: componentHealth, redis: componentHealth, plex: componentHealth, overseerr: componentHealth }),
});

/** GET /api/health and /api/v1/health: 200 unless the database is down (503). */
export function healthRoutes(api: ApiRegistry, health: HealthService): Router {
  const router = Router();
  // A report is reused for a second by every caller (monitors poll often): serialized once.
  const sendReport = sendOncePerObject<HealthReport>();
  for (const path of ['/api/health', '/api/v1/health']) {
    router.get(
      path,
      ...api.endpoint(
        {
          method: 'get',
          path,
          summary: 'Health of the server and the services it depends on',
          tags: ['Health'],
          access: 'public',
          responses: { 200: { description: 'Up (ok or degraded)', schema: healthSchema }, 503: { description: 'The database is down, or this instance is shutting down', schema: healthSchema } },
        },
        async ({ res }) => {
          const report = await health.report();
          res.setHeader('Cache-Control', 'no-store');
          res.status(report.status === 'error' ? 503 : 200);
          sendReport(res, report);
        },
      ),
    );
  }
  return router;
}
