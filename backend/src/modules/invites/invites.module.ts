import type { PrismaClient, User } from '@prisma/client';
import type { Config } from '../../config/env';
import type { Metrics } from '../../common/metrics';
import { PlexTvSharingClient } from '../../integrations/plextv/plextv-sharing.client';
import type { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { Encryptor } from '../../security/encryption';
import type { AuditService } from '../audit/audit.service';
import type { Accounts } from '../auth/accounts';
import type { NotificationService } from '../notifications/notification.service';
import type { PlexService } from '../plex/plex.service';
import type { SettingsService } from '../settings/settings.service';
import { FriendsImport } from './friends-import.service';
import { InviteAcceptService } from './invite-accept.service';
import { InvitesRepository } from './invites.repository';
import { InvitesService } from './invites.service';
import { createMembershipJob } from './membership.job';
import { MembershipService } from './membership.service';
import { SharingContext } from './sharing-context';

export interface InvitesModuleDeps {
  prisma: PrismaClient;
  config: Config;
  accounts: Accounts;
  plex: PlexService;
  settings: SettingsService;
  encryptor: Encryptor;
  audit: AuditService;
  notifications: NotificationService;
  realtime: Realtime;
  metrics: Metrics;
  logger: Logger;
  jobLock: JobLock;
  clock: () => number;
  version: string;
  /** Stores a new member's share as plex.tv lists it (the share service). */
  recordShare?: (user: User) => Promise<void>;
}

/** Invitations, the access they grant over time, and importing existing Plex friends. */
export interface InvitesModule {
  invites: InvitesService;
  accept: InviteAcceptService;
  memberships: MembershipService;
  friendsImport: FriendsImport;
  sharing: PlexTvSharingClient;
  /** Expires memberships, retries share removals, sends reminders. */
  job: IntervalJob;
}

export function createInvitesModule(d: InvitesModuleDeps): InvitesModule {
  const repo = new InvitesRepository(d.prisma);
  const sharing = new PlexTvSharingClient({ baseUrl: d.config.plexTvUrl, version: d.version, metrics: d.metrics, clientId: () => d.accounts.clientId.get() });
  const context = new SharingContext(d.settings, d.accounts.plexIdentity, d.accounts.plexTv, sharing);
  const invites = new InvitesService({ repo, plex: d.plex, encryptor: d.encryptor, audit: d.audit, appUrl: d.config.appUrl, clock: d.clock });
  const memberships = new MembershipService({
    repo, context, plex: d.plex, sessions: d.accounts.sessions, realtime: d.realtime, notifications: d.notifications, audit: d.audit, logger: d.logger, clock: d.clock,
  });
  return {
    invites,
    accept: new InviteAcceptService({
      repo, invites, plexAuth: d.accounts.plexAuth, context, sessions: d.accounts.sessions, notifications: d.notifications, encryptor: d.encryptor, audit: d.audit, logger: d.logger, clock: d.clock, recordShare: d.recordShare,
    }),
    memberships,
    friendsImport: new FriendsImport(repo, context, d.audit),
    sharing,
    job: createMembershipJob(memberships, { lock: d.jobLock, logger: d.logger, clock: d.clock }),
  };
}
