import { Router } from 'express';
import { z } from 'zod';
import { sendSerializedJson, serializeJson, type ApiRegistry, type SerializedJson } from '../../http/endpoint';
import type { HealthService } from './health.service';

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
  const serializedReports = new WeakMap<object, SerializedJson>();
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
          // A report is reused for a second by every caller (monitors poll often): serialized once.
          let serialized = serializedReports.get(report);
          if (!serialized) serializedReports.set(report, (serialized = serializeJson(report)));
          res.status(report.status === 'error' ? 503 : 200);
          sendSerializedJson(res, report, serialized);
        },
      ),
    );
  }
  return router;
}
