import type { PrismaClient } from '@prisma/client';
import type { Config } from '../../config/env';
import type { Metrics } from '../../common/metrics';
import { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { NotificationService } from '../notifications/notification.service';
import type { SettingsService } from '../settings/settings.service';
import { ServiceMonitor } from './service-monitor';
import { ServiceCheckRepository } from './services.repository';
import { ServiceStatusService } from './services.service';
import { StoredUpstreamHealth } from './upstream-health';

export interface ServicesModule {
  status: ServiceStatusService;
  monitor: ServiceMonitor;
  /** The `service-checks` job: one instance per round (lock), every interval. */
  job: { start(): void; stop(): Promise<void>; tick(): Promise<boolean> };
  /** Feeds /api/health. */
  health: StoredUpstreamHealth;
}

export interface ServicesModuleDeps {
  prisma: PrismaClient;
  config: Config;
  settings: SettingsService;
  realtime: Realtime;
  notifications: NotificationService;
  metrics: Metrics;
  logger: Logger;
  jobLock: JobLock;
  clock: () => number;
}

/** Wires the service status pieces; the container adds `job` to c.jobs and `health` to c.health. */
export function createServicesModule(d: ServicesModuleDeps): ServicesModule {
  const repository = new ServiceCheckRepository(d.prisma);
  // The read side waits for this instance's first round; the monitor refreshes the read side after each round.
  const status: ServiceStatusService = new ServiceStatusService(repository, d.settings, d.metrics, {
    now: d.clock,
    pendingRound: () => monitor.inFlight,
    // Uptime and history only change when a round stores checks, and the round clears these caches
    // on the instance that ran it; other instances see them at most one interval late.
    uptimeCacheMs: d.config.serviceCheckIntervalSeconds * 1000,
  });
  const monitor: ServiceMonitor = new ServiceMonitor({
    repository,
    settings: d.settings,
    realtime: d.realtime,
    notifications: d.notifications,
    metrics: d.metrics,
    logger: d.logger,
    now: d.clock,
    degradedMs: d.config.serviceDegradedMs,
    afterRound: () => status.refresh(),
  });

  const interval = new IntervalJob({
    name: 'service-checks',
    intervalMs: d.config.serviceCheckIntervalSeconds * 1000,
    run: async () => {
      await monitor.runRound();
    },
    lock: d.jobLock,
    logger: d.logger,
    now: d.clock,
  });
  // An admin changing a URL sees its status at once instead of after the next interval.
  const onSettingsChange = () => {
    monitor.runRound().catch((err: unknown) => d.logger.warn('service check after a settings change failed', { reason: (err as Error).message }));
  };
  let unsubscribe: (() => void) | undefined;
  const job = {
    start() {
      unsubscribe ??= d.settings.onChange(onSettingsChange);
      interval.start();
    },
    /** One scheduled round if this instance wins its lock (tests drive rounds with it). */
    tick: () => interval.tick(),
    async stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      await interval.stop();
      await monitor.inFlight?.catch(() => undefined);
    },
  };
  return { status, monitor, job, health: new StoredUpstreamHealth(status) };
}
