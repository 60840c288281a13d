import type { Metrics } from '../../common/metrics';
import { NotFoundError } from '../../common/errors';
import type { EffectiveSettings, SettingsService } from '../settings/settings.service';
import { toHistoryPoint, toServiceResponse, type ServiceEntry } from './services.presenter';
import type { ServiceCheckRepository, StoredCheck, UptimeCounts } from './services.repository';
import type { HistoryRange, ServiceResponse } from './services.schemas';

export const PLEX_SERVICE = { id: 'plex', name: 'Plex' } as const;
export const OVERSEERR_SERVICE = { id: 'overseerr', name: 'Overseerr' } as const;
export const KUMA_PREFIX = 'kuma-';
export const kumaServiceId = (monitorId: number) => `${KUMA_PREFIX}${monitorId}`;

const HOUR_MS = 3_600_000;
const RANGE_MS: Record<HistoryRange, number> = { '24h': 24 * HOUR_MS, '7d': 7 * 24 * HOUR_MS, '30d': 30 * 24 * HOUR_MS };
export const MAX_HISTORY_POINTS = 500;

export type HistoryAnswer = ReadonlyArray<ReturnType<typeof toHistoryPoint>>;

export function isKumaConfigured(s: EffectiveSettings): boolean {
  return Boolean(s.uptimeKuma.url && s.uptimeKuma.statusPage);
}

export function kumaPageUrl(s: EffectiveSettings): string | null {
  if (!isKumaConfigured(s)) return null;
  return `${s.uptimeKuma.url!.replace(/\/+$/, '')}/status/${encodeURIComponent(s.uptimeKuma.statusPage!)}`;
}

/**
 * The Uptime Kuma monitors of the newest Kuma round: every round stores all
 * monitors of the page with one timestamp (unknown ones too while Kuma is
 * away), so monitors removed from the page drop out.
 */
export function currentKumaChecks(latest: Map<string, StoredCheck>): StoredCheck[] {
  const kuma = [...latest.values()].filter((c) => c.serviceId.startsWith(KUMA_PREFIX));
  const newest = Math.max(...kuma.map((c) => c.checkedAt.getTime()));
  return kuma.filter((c) => c.checkedAt.getTime() === newest);
}

export interface ServiceStatusOptions {
  /** The app clock (ranges are measured from it); cache ages use the monotonic clock. */
  now: () => number;
  /** How long the latest checks are reused before reading them again (other instances' rounds). */
  cacheMs?: number;
  /** How long uptime counts and histories (aggregates over days) are reused; local rounds clear them. Default 5 s. */
  uptimeCacheMs?: number;
  /** The round this instance is running, if any: the very first read waits for it. */
  pendingRound?: () => Promise<unknown> | undefined;
  firstRoundWaitMs?: number;
}

/**
 * The read side of service status, served by every instance from the stored
 * checks (whoever ran the round). Reads are cached briefly in-process and
 * refreshed by the rounds this instance runs.
 */
export class ServiceStatusService {
  private latestCache?: { at: number; value: Promise<Map<string, StoredCheck>> };
  private uptimeCache?: { at: number; value: Promise<Map<string, UptimeCounts>> };
  private gaugesFrom?: { latest: Map<string, StoredCheck>; settings: EffectiveSettings };
  private readonly historyCache = new Map<string, { at: number; value: Promise<HistoryAnswer> }>();

  constructor(
    private readonly repository: ServiceCheckRepository,
    private readonly settings: SettingsService,
    private readonly metrics: Metrics,
    private readonly options: ServiceStatusOptions,
  ) {}

  /** Forget cached reads (after a round, or after writing checks directly). */
  invalidate(): void {
    this.latestCache = undefined;
    this.uptimeCache = undefined;
    this.historyCache.clear();
  }

  /** Re-reads the latest checks now and republishes the `medianest_service_up` gauges. */
  async refresh(): Promise<void> {
    this.invalidate();
    await this.entries({ waitForFirstRound: false });
  }

  async list(isAdmin: boolean): Promise<ServiceResponse[]> {
    const [entries, uptime] = await Promise.all([this.entries(), this.uptime()]);
    return entries.map((e) => toServiceResponse({ ...e, uptime: uptime.get(e.id) }, isAdmin));
  }

  /** The presented points; while cached, every caller gets the same frozen array (the route serializes it once). */
  async history(id: string, range: HistoryRange): Promise<HistoryAnswer> {
    const entries = await this.entries();
    if (!entries.some((e) => e.id === id)) throw new NotFoundError('There is no such service.');
    const rangeMs = RANGE_MS[range];
    // Strictly fewer than MAX_HISTORY_POINTS buckets fit in the range.
    const bucketMs = Math.floor(rangeMs / MAX_HISTORY_POINTS) + 1;
    const key = `${id}:${range}`;
    const now = performance.now();
    let cached = this.historyCache.get(key);
    if (!cached || now - cached.at >= (this.options.uptimeCacheMs ?? 5000)) {
      const until = this.options.now();
      const value = this.repository.history(id, until - rangeMs, until, bucketMs).then((points) => Object.freeze(points.map(toHistoryPoint)));
      cached = { at: now, value };
      this.historyCache.set(key, cached);
      value.catch(() => {
        if (this.historyCache.get(key)?.value === value) this.historyCache.delete(key);
      });
    }
    return cached.value;
  }

  /** The latest stored check of a service, or undefined when it is not configured or never checked. */
  async current(id: string): Promise<{ configured: boolean; latest?: StoredCheck }> {
    const entry = (await this.entries()).find((e) => e.id === id);
    return { configured: entry?.configured ?? false, latest: entry?.configured ? entry.latest : undefined };
  }

  /** Plex, Overseerr (always listed) and the monitors of the configured Uptime Kuma page. */
  async entries(options: { waitForFirstRound?: boolean } = {}): Promise<ServiceEntry[]> {
    const [settings, latest] = await Promise.all([this.settings.get(), this.latest(options.waitForFirstRound ?? true)]);
    const entries: ServiceEntry[] = [
      { ...PLEX_SERVICE, url: settings.plex.serverUrl ?? null, configured: Boolean(settings.plex.serverUrl), latest: latest.get(PLEX_SERVICE.id) },
      { ...OVERSEERR_SERVICE, url: settings.overseerr.url ?? null, configured: Boolean(settings.overseerr.url), latest: latest.get(OVERSEERR_SERVICE.id) },
    ];
    if (isKumaConfigured(settings)) {
      const url = kumaPageUrl(settings);
      const kuma = currentKumaChecks(latest).sort((a, b) => a.name.localeCompare(b.name) || a.serviceId.localeCompare(b.serviceId));
      for (const check of kuma) entries.push({ id: check.serviceId, name: check.name, url, configured: true, latest: check });
    }
    // Republished only when what they are made of changed (every read passes here).
    if (this.gaugesFrom?.latest !== latest || this.gaugesFrom.settings !== settings) {
      this.gaugesFrom = { latest, settings };
      this.publishGauges(entries);
    }
    return entries;
  }

  /** 1 up, 0.5 degraded, 0 down; services with no known state have no series. */
  private publishGauges(entries: ServiceEntry[]): void {
    const gauge = this.metrics.serviceUp;
    gauge.reset();
    for (const e of entries) {
      const status = e.configured ? e.latest?.status : undefined;
      if (status === 'up') gauge.set({ service: e.id }, 1);
      else if (status === 'degraded') gauge.set({ service: e.id }, 0.5);
      else if (status === 'down') gauge.set({ service: e.id }, 0);
    }
  }

  private latest(waitForFirstRound: boolean): Promise<Map<string, StoredCheck>> {
    const now = performance.now();
    if (this.latestCache && now - this.latestCache.at < (this.options.cacheMs ?? 2000)) return this.latestCache.value;
    const value = this.loadLatest(waitForFirstRound);
    this.latestCache = { at: now, value };
    value.catch(() => {
      if (this.latestCache?.value === value) this.latestCache = undefined;
    });
    return value;
  }

  private async loadLatest(waitForFirstRound: boolean): Promise<Map<string, StoredCheck>> {
    const latest = await this.repository.latest();
    const pending = waitForFirstRound && latest.size === 0 ? this.options.pendingRound?.() : undefined;
    if (!pending) return latest;
    // A fresh install runs its first round at start: wait briefly for it rather than answer "unknown".
    await Promise.race([pending.catch(() => undefined), delay(this.options.firstRoundWaitMs ?? 3000)]);
    return this.repository.latest();
  }

  private uptime(): Promise<Map<string, UptimeCounts>> {
    const now = performance.now();
    if (this.uptimeCache && now - this.uptimeCache.at < (this.options.uptimeCacheMs ?? 5000)) return this.uptimeCache.value;
    const value = this.repository.uptimeCounts(this.options.now());
    this.uptimeCache = { at: now, value };
    value.catch(() => {
      if (this.uptimeCache?.value === value) this.uptimeCache = undefined;
    });
    return value;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
