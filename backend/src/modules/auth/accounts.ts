import type { PrismaClient } from '@prisma/client';
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
import type { NotificationService } from '../notifications/notification.service';
import type { SettingsService } from '../settings/settings.service';
import { AuthService } from './auth.service';
import { PlexAuthService } from './plex-auth.service';
import { PlexClientId } from './plex-client-id';
import { PlexPinRepository } from './plex-pin.repository';
import { SessionRepository } from './session.repository';
import { SessionService } from './session.service';
import { UserRepository } from './user.repository';

export interface AccountDeps {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  cache: CacheStore;
  cached: CachedLoader;
  counters: CounterStore;
  encryptor: Encryptor;
  signer: TokenSigner;
  settings: SettingsService;
  audit: AuditService;
  realtime: Realtime;
  notifications: NotificationService;
  metrics: Metrics;
  clock: () => number;
  version: string;
}

/** Accounts: sign-in (password and Plex), sessions, and the admin's user and settings management. */
export interface Accounts {
  /** This install's X-Plex-Client-Identifier, shared by the plex.tv and Plex Media Server clients. */
  clientId: PlexClientId;
  plexTv: PlexTvClient;
  plexIdentity: PlexServerIdentity;
  sessions: SessionService;
  auth: AuthService;
  plexAuth: PlexAuthService;
  users: AdminUsersService;
  settingsAdmin: AdminSettingsService;
}

/** Wires the account services from the composition root's infrastructure. */
export function createAccounts(d: AccountDeps): Accounts {
  const users = new UserRepository(d.prisma);
  const pins = new PlexPinRepository(d.prisma);
  const sessions = new SessionService(new SessionRepository(d.prisma), d.signer, d.realtime, d.audit, d.logger, d.clock);
  const plexIdentity = new PlexServerIdentity(d.cache, d.metrics, d.logger);
  const clientId = new PlexClientId(d.config.plexClientId, pins);
  const plexTv = new PlexTvClient({ baseUrl: d.config.plexTvUrl, version: d.version, metrics: d.metrics, logger: d.logger, clientId: () => clientId.get() });
  const plexAuth = new PlexAuthService({
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
    clock: d.clock,
  });
  d.settings.undecryptableHandler = (key) =>
    d.notifications.notifyAdmins({
      type: 'settings.secret_unreadable',
      title: 'A stored secret can no longer be read',
      message: `The setting ${key} was encrypted with a different ENCRYPTION_KEY and is treated as unset; enter it again in Settings.`,
      data: { setting: key },
    });
  return {
    clientId,
    plexTv,
    plexIdentity,
    sessions,
    auth: new AuthService(users, sessions, d.counters, d.audit, d.logger, d.clock),
    plexAuth,
    users: new AdminUsersService(users, sessions, d.realtime, d.audit),
    settingsAdmin: new AdminSettingsService(d.settings, d.cached, d.audit),
  };
}
