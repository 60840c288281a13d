import type { Logger } from '../../logging/logger';
import type { Metrics } from '../../common/metrics';
import type { Realtime } from '../../realtime/realtime';
import type { NotificationService } from '../notifications/notification.service';
import type { EffectiveSettings, SettingsService } from '../settings/settings.service';
import { ProbeFailure, probeOverseerr, probePlex, probeUptimeKuma, type ProbeContext } from './probes';
import { toStatusEvent } from './services.presenter';
import type { NewCheck, ServiceCheckRepository, StoredCheck } from './services.repository';
import { currentKumaChecks, isKumaConfigured, kumaServiceId, OVERSEERR_SERVICE, PLEX_SERVICE } from './services.service';

/** Checks are kept this long. */
export const RETENTION_MS = 30 * 86_400_000;

export interface ServiceMonitorDeps {
  repository: ServiceCheckRepository;
  settings: SettingsService;
  realtime: Realtime;
  notifications: NotificationService;
  metrics: Metrics;
  logger: Logger;
  now: () => number;
  /** A check slower than this is `degraded` (SERVICE_DEGRADED_MS). */
  degradedMs: number;
  /** Runs after the checks are stored and before anyone is told (refreshes the read side). */
  afterRound?: () => Promise<void>;
}

export interface RoundResult {
  checks: NewCheck[];
  /** Ids whose status differs from their previous check (each emitted as `service:status`). */
  changed: string[];
  pruned: number;
}

/**
 * One round checks every configured service, stores the results in one
 * insert, and compares them with the previous stored status (from the
 * database, so it does not matter which instance ran the previous round).
 * A change is emitted to everyone; going down or coming back also notifies
 * admins. Which instance runs a round is decided by the IntervalJob's lock.
 */
export class ServiceMonitor {
  /** How long a probe may take before the service counts as down (tests shorten it). */
  probeTimeoutMs: number;
  private inFlightRound?: Promise<RoundResult>;
  private kumaFailing = false;

  constructor(private readonly deps: ServiceMonitorDeps) {
    this.probeTimeoutMs = Math.max(deps.degradedMs * 2, 5000);
  }

  /** The round this instance is running, if any. */
  get inFlight(): Promise<RoundResult> | undefined {
    return this.inFlightRound;
  }

  /** Runs a round now, after the one in flight if any (rounds never overlap on one instance). */
  runRound(): Promise<RoundResult> {
    const next = (this.inFlightRound ?? Promise.resolve()).catch(() => undefined).then(() => this.round());
    this.inFlightRound = next;
    const clear = () => {
      if (this.inFlightRound === next) this.inFlightRound = undefined;
    };
    next.then(clear, clear);
    return next;
  }

  private async round(): Promise<RoundResult> {
    const { repository, settings, realtime } = this.deps;
    const checkedAt = new Date(this.deps.now());
    const config = await settings.get();
    // Probes start at once; the previous state is read meanwhile.
    const previousRead = Promise.all([repository.latest(), repository.latest({ knownOnly: true })]);
    const previousLatest = previousRead.then(([latest]) => latest);
    previousLatest.catch(() => undefined); // only awaited when Kuma fails; the round reports the error through previousRead
    const probed = Promise.all(this.probes(config, previousLatest, checkedAt));
    const [[previous, previousKnown], results] = await Promise.all([previousRead, probed]);
    const checks = results.flat();
    await repository.insert(checks);
    await this.deps.afterRound?.();

    const changed = checks.filter((c) => previous.get(c.serviceId)?.status !== c.status);
    for (const check of changed) realtime.emitToAll('service:status', toStatusEvent(check));
    // Housekeeping comes after the news: nobody waits on pruning for an event.
    const pruned = await repository.prune(new Date(checkedAt.getTime() - RETENTION_MS));
    await this.notifyTransitions(checks, previousKnown);
    return { checks, changed: changed.map((c) => c.serviceId), pruned };
  }

  /** Services that are not configured are not checked at all. */
  private probes(config: EffectiveSettings, previous: Promise<Map<string, StoredCheck>>, checkedAt: Date): Array<Promise<NewCheck[]>> {
    const ctx: ProbeContext = { metrics: this.deps.metrics, timeoutMs: this.probeTimeoutMs, degradedMs: this.deps.degradedMs };
    const probes: Array<Promise<NewCheck[]>> = [];
    const plexUrl = config.plex.serverUrl;
    if (plexUrl) probes.push(probePlex(ctx, plexUrl).then((r) => [{ serviceId: PLEX_SERVICE.id, name: PLEX_SERVICE.name, ...r, checkedAt }]));
    const overseerrUrl = config.overseerr.url;
    if (overseerrUrl) {
      probes.push(probeOverseerr(ctx, overseerrUrl).then((r) => [{ serviceId: OVERSEERR_SERVICE.id, name: OVERSEERR_SERVICE.name, ...r, checkedAt }]));
    }
    if (isKumaConfigured(config)) probes.push(this.kumaChecks(ctx, config, previous, checkedAt));
    return probes;
  }

  /**
   * One check per monitor of the status page. While Kuma itself cannot be
   * read, the monitors it last listed are recorded as `unknown`: Kuma being
   * away says nothing about them, and unknown checks do not count in uptime.
   */
  private async kumaChecks(ctx: ProbeContext, config: EffectiveSettings, previous: Promise<Map<string, StoredCheck>>, checkedAt: Date): Promise<NewCheck[]> {
    try {
      const monitors = await probeUptimeKuma(ctx, config.uptimeKuma.url!, config.uptimeKuma.statusPage!);
      if (this.kumaFailing) this.deps.logger.info('Uptime Kuma status page readable again');
      this.kumaFailing = false;
      return monitors.map(({ monitorId, ...result }) => ({ serviceId: kumaServiceId(monitorId), ...result, checkedAt }));
    } catch (err) {
      if (!(err instanceof ProbeFailure)) throw err;
      if (!this.kumaFailing) this.deps.logger.warn('Uptime Kuma status page unreadable; its monitors are unknown until it answers', { reason: err.reason });
      this.kumaFailing = true;
      return currentKumaChecks(await previous).map((c) => ({
        serviceId: c.serviceId,
        name: c.name,
        status: 'unknown' as const,
        responseTimeMs: null,
        message: `Uptime Kuma: ${err.reason}`,
        checkedAt,
      }));
    }
  }

  /**
   * Admins hear about transitions between known states: up/degraded → down,
   * and down → up/degraded. An unknown result in between (Kuma away) neither
   * notifies nor hides the way back.
   */
  private async notifyTransitions(checks: NewCheck[], previousKnown: Map<string, StoredCheck>): Promise<void> {
    const sends: Array<Promise<void>> = [];
    for (const check of checks) {
      const before = previousKnown.get(check.serviceId)?.status;
      if (check.status === 'down' && before !== undefined && before !== 'down') {
        sends.push(
          this.deps.notifications.notifyAdmins({
            type: 'service.down',
            title: `${check.name} is down`,
            message: `${check.name} is not answering${check.message ? ` (${check.message})` : ''}.`,
            data: { serviceId: check.serviceId },
          }),
        );
      } else if ((check.status === 'up' || check.status === 'degraded') && before === 'down') {
        sends.push(
          this.deps.notifications.notifyAdmins({
            type: 'service.up',
            title: `${check.name} is back`,
            message: `${check.name} is answering again.`,
            data: { serviceId: check.serviceId },
          }),
        );
      }
    }
    await Promise.all(sends);
  }
}
