import { z } from 'zod';

export const serviceStatus = z.enum(['up', 'down', 'degraded', 'unknown']);

const fraction = z.number().min(0).max(1).nullable();

export const serviceSchema = z.object({
  id: z.string().describe('`plex`, `overseerr` or `kuma-<monitorId>`; the same ids label events and metrics'),
  name: z.string(),
  url: z.string().nullable().optional().describe('Admins only'),
  status: serviceStatus.describe(
    '`degraded` when slower than SERVICE_DEGRADED_MS; Uptime Kuma monitors: UP → up, DOWN → down, PENDING and MAINTENANCE → degraded. ' +
      '`unknown` before the first check, when not configured, or while Uptime Kuma cannot be read',
  ),
  configured: z.boolean().describe('false: an admin has not set it up, so it is not checked (status `unknown`)'),
  source: z.enum(['medianest', 'uptime-kuma']).describe('Where the status comes from: MediaNest\u2019s own check or an Uptime Kuma monitor'),
  responseTimeMs: z.number().int().nullable(),
  lastCheckedAt: z.string().nullable(),
  uptime: z
    .object({ h24: fraction, d7: fraction, d30: fraction })
    .describe('(up + degraded) / checks with a known result over the range; null without checks'),
});
export type ServiceResponse = z.infer<typeof serviceSchema>;

export const serviceListSchema = z.object({ items: z.array(serviceSchema) });

export const historyRanges = ['24h', '7d', '30d'] as const;
export type HistoryRange = (typeof historyRanges)[number];

export const historyQuery = z.object({ range: z.enum(historyRanges).default('24h') });
export const historyParams = z.object({ id: z.string().min(1).max(100) });

export const historyPointSchema = z.object({
  at: z.string().describe('Time of the first check in the bucket'),
  status: serviceStatus.describe('The worst status in the bucket'),
  responseTimeMs: z.number().int().nullable().describe('Average over the bucket'),
});
export const historySchema = z.object({ items: z.array(historyPointSchema).max(500) });
