import type { HistoryPoint, StoredCheck, UptimeCounts } from './services.repository';
import type { ServiceResponse } from './services.schemas';

/** A service the dashboard lists, with what is known about it. */
export interface ServiceEntry {
  id: string;
  name: string;
  /** Where it lives (settings or the Kuma status page); only admins see it. */
  url: string | null;
  configured: boolean;
  latest?: StoredCheck;
  uptime?: UptimeCounts;
}

const ratio = (c: { ok: number; known: number } | undefined) => (c && c.known > 0 ? c.ok / c.known : null);

export function toServiceResponse(entry: ServiceEntry, isAdmin: boolean): ServiceResponse {
  // A service that is not configured is not being checked: its last check says nothing about now.
  const latest = entry.configured ? entry.latest : undefined;
  return {
    id: entry.id,
    name: entry.name,
    ...(isAdmin ? { url: entry.url } : {}),
    status: latest?.status ?? 'unknown',
    configured: entry.configured,
    source: entry.id.startsWith('kuma-') ? 'uptime-kuma' : 'medianest',
    responseTimeMs: latest?.responseTimeMs ?? null,
    lastCheckedAt: latest ? latest.checkedAt.toISOString() : null,
    uptime: { h24: ratio(entry.uptime?.h24), d7: ratio(entry.uptime?.d7), d30: ratio(entry.uptime?.d30) },
  };
}

export function toHistoryPoint(point: HistoryPoint) {
  return { at: point.at.toISOString(), status: point.status, responseTimeMs: point.responseTimeMs };
}

/** The `service:status` event payload. */
export function toStatusEvent(check: Pick<StoredCheck, 'serviceId' | 'status' | 'responseTimeMs' | 'checkedAt'>) {
  return { id: check.serviceId, status: check.status, responseTimeMs: check.responseTimeMs, lastCheckedAt: check.checkedAt.toISOString() };
}
