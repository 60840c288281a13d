import type { CacheStore } from '../../cache/cache-store';
import type { CounterStore } from '../../cache/counter-store';
import type { Config } from '../../config/env';
import type { Metrics } from '../../common/metrics';
import { OverseerrClient } from '../../integrations/overseerr/overseerr.client';
import { OverseerrUserDirectory } from '../../integrations/overseerr/overseerr-users';
import type { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import type { Logger } from '../../logging/logger';
import type { PrismaClient } from '@prisma/client';
import type { SqlExecutor } from '../../db/migrate';
import type { Realtime } from '../../realtime/realtime';
import type { NotificationService } from '../notifications/notification.service';
import type { SettingsService } from '../settings/settings.service';
import { OverseerrWebhookService } from '../webhooks/overseerr-webhook.service';
import type { PlexService } from '../plex/plex.service';
import type { AuditService } from '../audit/audit.service';
import { AdminRequestsService } from './admin-requests.service';
import { DiscoverService } from './discover.service';
import { LibraryMatcher, type LibraryViews } from './library-match';
import { MediaRepository } from './media.repository';
import { MediaService } from './media.service';
import { RequestReconciler, createReconcileJob } from './reconcile.job';
import { RequestUpdates } from './request-updates';
import { type TitleAvailableListener, TitleEvents } from './title-events';

/** Everything behind media requests, wired once by the composition root. */
export interface MediaModule {
  /** Search, create, list, cancel. */
  requests: MediaService;
  /** The admins' request queue (approve / decline). */
  queue: AdminRequestsService;
  /** Discover rows, title pages, quotas. */
  discover: DiscoverService;
  /** The Overseerr API client (also usable for status checks). */
  overseerr: OverseerrClient;
  webhooks: OverseerrWebhookService;
  reconciler: RequestReconciler;
  /** The `overseerr-sync` round; the container lists it in `jobs`. */
  reconcileJob: IntervalJob;
}

export interface MediaModuleDeps {
  prisma: PrismaClient;
  /** The plain pool, for the request list's one-round-trip page query. */
  sql?: SqlExecutor;
  config: Config;
  settings: SettingsService;
  metrics: Metrics;
  logger: Logger;
  cache: CacheStore;
  counters: CounterStore;
  realtime: Realtime;
  notifications: NotificationService;
  jobLock: JobLock;
  clock: () => number;
  /** The Plex library, to tell which titles are already on the server. */
  plex: Pick<PlexService, 'tmdbIndex'>;
  /** Each user's visible libraries (the share service). */
  views?: LibraryViews;
  audit: AuditService;
  /** Told when a title becomes available (the follows module). */
  onTitleAvailable?: TitleAvailableListener;
}

export function createMediaModule(d: MediaModuleDeps): MediaModule {
  const repository = new MediaRepository(d.prisma, d.sql);
  const overseerr = new OverseerrClient({ settings: d.settings, metrics: d.metrics, logger: d.logger });
  const titleEvents = new TitleEvents(d.logger, d.onTitleAvailable ? [d.onTitleAvailable] : []);
  const updates = new RequestUpdates({ repository, realtime: d.realtime, notifications: d.notifications, logger: d.logger, clock: d.clock, titleEvents });
  const reconciler = new RequestReconciler(repository, overseerr, updates, d.logger);
  const overseerrUsers = new OverseerrUserDirectory(overseerr, d.cache);
  const discover = new DiscoverService({
    repository,
    overseerr,
    overseerrUsers,
    library: new LibraryMatcher(d.plex, d.logger, d.views),
    counters: d.counters,
    requestsPerHour: d.config.rateLimitMediaRequestsPerHour,
    logger: d.logger,
    clock: d.clock,
  });
  return {
    queue: new AdminRequestsService({ repository, overseerr, updates, audit: d.audit, logger: d.logger }),
    discover,
    requests: new MediaService({
      repository,
      overseerr,
      overseerrUsers,
      cards: (user, results) => discover.cards(user, results),
      audit: d.audit,
      counters: d.counters,
      requestsPerHour: d.config.rateLimitMediaRequestsPerHour,
      logger: d.logger,
      clock: d.clock,
    }),
    overseerr,
    webhooks: new OverseerrWebhookService({ settings: d.settings, repository, updates, logger: d.logger, titleEvents, cache: d.cache, clock: d.clock }),
    reconciler,
    reconcileJob: createReconcileJob({ reconciler, intervalSeconds: d.config.overseerrSyncIntervalSeconds, lock: d.jobLock, logger: d.logger, clock: d.clock }),
  };
}
