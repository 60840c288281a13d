import type { PrismaClient, User } from '@prisma/client';
import type { CacheStore } from '../../cache/cache-store';
import type { CachedLoader } from '../../cache/cached';
import type { CounterStore } from '../../cache/counter-store';
import type { Config } from '../../config/env';
import type { Metrics } from '../../common/metrics';
import { PlexServerIdentity } from '../../integrations/plex/plex-identity';
import { PlexTvClient } from '../../integrations/plextv/plextv.client';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { Encryptor } from '../../security/encryption';
import type { TokenSigner } from '../../security/tokens';
import { AdminSettingsService } from '../admin/admin-settings.service';
import { AdminUsersService } from '../admin/admin-users.service';
import type { AuditService } from '../audit/audit.service';
import type { SettingsService } from '../settings/settings.service';
import { AuthService } from './auth.service';
import { PlexAuthService } from './plex-auth.service';
import { PlexClientId } from './plex-client-id';
import { PlexPinRepository } from './plex-pin.repository';
import { SessionRepository } from './session.repository';
import { SessionService } from './session.service';
import type { UserRepository } from './user.repository';

export interface PlexAccessDeps {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  users: UserRepository;
  cache: CacheStore;
  signer: TokenSigner;
  realtime: Realtime;
  audit: AuditService;
  metrics: Metrics;
  clock: () => number;
  version: string;
}

/**
 * The pieces of sign-in other modules build on: the install's Plex client id, the plex.tv
 * client, the configured server's identity, and sessions. Built first, so the share service
 * can be built from them before the sign-in services that call it.
 */
export interface PlexAccess {
  users: UserRepository;
  pins: PlexPinRepository;
  /** This install's X-Plex-Client-Identifier, shared by the plex.tv and Plex Media Server clients. */
  clientId: PlexClientId;
  plexTv: PlexTvClient;
  plexIdentity: PlexServerIdentity;
  sessions: SessionService;
}

export function createPlexAccess(d: PlexAccessDeps): PlexAccess {
  const pins = new PlexPinRepository(d.prisma);
  const clientId = new PlexClientId(d.config.plexClientId, pins);
  return {
    users: d.users,
    pins,
    clientId,
    plexTv: new PlexTvClient({ baseUrl: d.config.plexTvUrl, version: d.version, metrics: d.metrics, logger: d.logger, clientId: () => clientId.get() }),
    plexIdentity: new PlexServerIdentity(d.cache, d.metrics, d.logger),
    sessions: new SessionService({ repo: new SessionRepository(d.prisma), signer: d.signer, realtime: d.realtime, audit: d.audit, logger: d.logger, clock: d.clock }),
  };
}

export interface AccountDeps {
  access: PlexAccess;
  config: Config;
  logger: Logger;
  cached: CachedLoader;
  counters: CounterStore;
  encryptor: Encryptor;
  settings: SettingsService;
  audit: AuditService;
  realtime: Realtime;
  clock: () => number;
  /** Reads and stores the account's library share after a Plex sign-in or link (the share service). */
  recordShare: (user: User, ownsServer: boolean) => Promise<void>;
}

/** Accounts: sign-in (password and Plex), sessions, and the admin's user and settings management. */
export interface Accounts {
  clientId: PlexClientId;
  plexTv: PlexTvClient;
  plexIdentity: PlexServerIdentity;
  sessions: SessionService;
  auth: AuthService;
  plexAuth: PlexAuthService;
  users: AdminUsersService;
  settingsAdmin: AdminSettingsService;
}

/** Wires the account services from the composition root's infrastructure and the Plex pieces. */
export function createAccounts(d: AccountDeps): Accounts {
  const { users, pins, clientId, plexTv, plexIdentity, sessions } = d.access;
  return {
    clientId,
    plexTv,
    plexIdentity,
    sessions,
    auth: new AuthService({ users, sessions, counters: d.counters, audit: d.audit, logger: d.logger, clock: d.clock }),
    plexAuth: new PlexAuthService({
      config: d.config,
      logger: d.logger,
      pins,
      clientId,
      users,
      plexTv,
      identity: plexIdentity,
      settings: d.settings,
      encryptor: d.encryptor,
      audit: d.audit,
      sessions,
      recordShare: d.recordShare,
      clock: d.clock,
    }),
    users: new AdminUsersService(users, sessions, d.realtime, d.audit),
    settingsAdmin: new AdminSettingsService(d.settings, d.cached, d.audit),
  };
}
