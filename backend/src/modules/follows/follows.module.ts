import type { PrismaClient } from '@prisma/client';
import type { Config } from '../../config/env';
import type { Metrics } from '../../common/metrics';
import type { SqlExecutor } from '../../db/migrate';
import type { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import type { Logger } from '../../logging/logger';
import type { NotifyAdminSettingsService } from '../notifications/admin-settings.service';
import type { NotificationService } from '../notifications/notification.service';
import type { PlexMedia } from '../plex/plex.mapping';
import type { SettingsRepository } from '../settings/settings.repository';
import type { SettingsService } from '../settings/settings.service';
import { createDigestJob } from './digest.job';
import { DigestService } from './digest.service';
import { FollowsRepository } from './follows.repository';
import { FollowsService } from './follows.service';
import { createLibraryWatchJob } from './library-watch.job';
import { LibraryWatcher } from './library-watch.service';

export interface FollowsModuleDeps {
  prisma: PrismaClient;
  sql: SqlExecutor;
  config: Config;
  settings: SettingsService;
  settingRows: SettingsRepository;
  /** SMTP, server name and the digest's day (the notifications module's admin settings). */
  adminSettings: NotifyAdminSettingsService;
  notifications: NotificationService;
  metrics: Metrics;
  logger: Logger;
  jobLock: JobLock;
  clock: () => number;
  /** The install's Plex client identifier (for the library watch's Plex calls). */
  plexClientId: () => Promise<string>;
  /** The newest library items this user may see (their Plex share applied), for the weekly digest. */
  recentlyAddedFor?: (userId: string) => Promise<PlexMedia[]>;
}

/** Follows, the "title available" and "new episodes" notifications, and the weekly digest. */
export interface FollowsModule {
  follows: FollowsService;
  /** Plex's recently added → followed titles available, new episodes (batched). */
  libraryWatcher: LibraryWatcher;
  libraryWatchJob: IntervalJob;
  digest: DigestService;
  digestJob: IntervalJob;
}

export function createFollowsModule(d: FollowsModuleDeps): FollowsModule {
  const repo = new FollowsRepository(d.prisma, d.sql);
  const follows = new FollowsService({ repo, notifications: d.notifications, logger: d.logger, clock: d.clock });
  const digest = new DigestService({
    repo, settingRows: d.settingRows, admin: d.adminSettings, notifications: d.notifications, logger: d.logger, clock: d.clock, recentlyAddedFor: d.recentlyAddedFor,
  });
  const libraryWatcher = new LibraryWatcher({ settingRows: d.settingRows, settings: d.settings, follows, metrics: d.metrics, logger: d.logger, clientId: d.plexClientId });
  return {
    follows,
    libraryWatcher,
    libraryWatchJob: createLibraryWatchJob(libraryWatcher, { intervalSeconds: d.config.libraryWatchIntervalSeconds, lock: d.jobLock, logger: d.logger, clock: d.clock }),
    digest,
    digestJob: createDigestJob(digest, { lock: d.jobLock, logger: d.logger, clock: d.clock }),
  };
}
