import type { User } from '@prisma/client';
import type { Config } from '../../config/env';
import { ConflictError, ForbiddenError, GoneError, NotConfiguredError, NotFoundError, UnauthenticatedError } from '../../common/errors';
import type { PlexServerIdentity } from '../../integrations/plex/plex-identity';
import { PLEX_PRODUCT, PlexTvTokenRejectedError, type PlexTvClient } from '../../integrations/plextv/plextv.client';
import type { PlexAccount } from '../../integrations/plextv/plextv.schemas';
import type { Logger } from '../../logging/logger';
import { can } from '../../policies/policy';
import { hashToken, randomToken, type Encryptor } from '../../security/encryption';
import type { AuditService } from '../audit/audit.service';
import type { SettingsService } from '../settings/settings.service';
import type { PlexClientId } from './plex-client-id';
import type { PlexPinRepository } from './plex-pin.repository';
import type { ClientMeta, IssuedSession, SessionService } from './session.service';
import type { PlexProfile, UserRepository } from './user.repository';

export interface PlexAuthDeps {
  config: Config;
  logger: Logger;
  pins: PlexPinRepository;
  clientId: PlexClientId;
  users: UserRepository;
  plexTv: PlexTvClient;
  identity: PlexServerIdentity;
  settings: SettingsService;
  encryptor: Encryptor;
  audit: AuditService;
  sessions: SessionService;
  /** Reads and stores the account's library share after a sign-in or link (the share service). */
  recordShare: (user: User, ownsServer: boolean) => Promise<void>;
  clock: () => number;
}

export interface StartedPin {
  pinId: number;
  pinToken: string;
  code: string;
  authUrl: string;
  expiresAt: Date;
}

interface ApprovedAccount {
  pinRowId: string;
  account: PlexAccount;
  token: string;
  ownsServer: boolean;
}

type Pending = { status: 'pending' };
const PENDING: Pending = { status: 'pending' };
const PIN_FALLBACK_SECONDS = 900;
/** Expired PINs are kept a day for diagnosis, then swept when new ones are created. */
const PIN_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Sign-in with Plex: a strong PIN at plex.tv, approved by the user in the Plex
 * auth app, polled on the client's behalf. An account is admitted only when
 * its plex.tv resources list the configured server (owned → admin, shared → user).
 */
export class PlexAuthService {
  constructor(private readonly d: PlexAuthDeps) {}

  /**
   * A PIN for a sign-in (which needs a configured server), or for linking with `serverOptional`:
   * an admin may link before any Plex server is set up, to pick it from their Plex account.
   */
  async start(options: { serverOptional?: boolean } = {}): Promise<StartedPin> {
    await this.serverUrl(options.serverOptional);
    const pin = await this.d.plexTv.createPin();
    const now = this.d.clock();
    const pinToken = randomToken();
    const fromPlex = pin.expiresAt ? Date.parse(pin.expiresAt) : NaN;
    const expiresAt = new Date(Number.isFinite(fromPlex) ? fromPlex : now + (pin.expiresIn ?? PIN_FALLBACK_SECONDS) * 1000);
    await this.d.pins.create({ plexPinId: pin.id, code: pin.code, pinTokenHash: hashToken(pinToken), expiresAt, createdAt: new Date(now) });
    await this.d.pins.deleteExpiredBefore(new Date(now - PIN_RETENTION_MS));
    return { pinId: pin.id, pinToken, code: pin.code, authUrl: await this.authUrl(pin.code), expiresAt };
  }

  /** Pending until the user approves; then the account is created or updated and signed in. */
  async completeLogin(pinId: number, pinToken: string, meta: ClientMeta): Promise<Pending | { status: 'signed_in'; session: IssuedSession }> {
    const approved = await this.approvedAccount(pinId, pinToken, meta);
    if (approved.status === 'pending') return approved;
    const { account, token, ownsServer, pinRowId } = approved.value;
    await this.consume(pinRowId, 'login', null);
    const plexId = String(account.id);
    const existing = await this.d.users.findByPlexId(plexId);
    const now = new Date(this.d.clock());
    const profile = this.profile(account, token);
    if (existing?.status === 'suspended') {
      await this.d.audit.record({ actorId: existing.id, action: 'auth.login_failed', targetType: 'user', targetId: existing.id, details: { method: 'plex', reason: 'suspended' }, ip: meta.ip });
      throw new UnauthenticatedError('This account is suspended; ask an admin.', 'ACCOUNT_SUSPENDED');
    }
    let user: User;
    if (existing) {
      // Later sign-ins refresh the profile; a role an admin granted is kept, the owner is always admin.
      const username = account.username !== existing.username && (await this.d.users.isUsernameFree(account.username)) ? account.username : existing.username;
      user = await this.d.users.update(existing.id, { ...profile, username, lastLoginAt: now, ...(ownsServer ? { role: 'admin' } : {}) });
    } else {
      user = await this.d.users.createFromPlex(await this.freeUsername(account), ownsServer ? 'admin' : 'user', profile, now);
    }
    await this.d.recordShare(user, ownsServer);
    await this.d.audit.record({
      actorId: user.id,
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      details: { method: 'plex', firstSignIn: !existing, role: user.role },
      ip: meta.ip,
    });
    return { status: 'signed_in', session: await this.d.sessions.start(user, meta) };
  }

  /**
   * Links the approved Plex account to a signed-in user (e.g. the bootstrap
   * admin) who has none yet. A Plex account linked to someone else, or a user
   * already linked to another Plex account, is a 409 and nothing changes:
   * linking can never take an account over or replace one.
   */
  async link(user: User, pinId: number, pinToken: string, meta: ClientMeta): Promise<Pending | { status: 'linked'; user: User }> {
    // Before any Plex server is configured, an admin may still link (the setup checklist then lists their servers).
    const approved = await this.approvedAccount(pinId, pinToken, meta, { serverOptional: can(user, 'admin:access') });
    if (approved.status === 'pending') return approved;
    const { account, token, ownsServer, pinRowId } = approved.value;
    const plexId = String(account.id);
    const refuse = async (reason: 'taken' | 'already_linked', message: string): Promise<never> => {
      await this.d.audit.record({ actorId: user.id, action: 'auth.plex_link_refused', targetType: 'user', targetId: user.id, details: { reason, plexUsername: account.username }, ip: meta.ip });
      throw new ConflictError(message);
    };
    const owner = await this.d.users.findByPlexId(plexId);
    if (owner && owner.id !== user.id) return refuse('taken', 'That Plex account is already linked to another MediaNest user.');
    if (user.plexId !== null && user.plexId !== plexId) return refuse('already_linked', 'Your account is already linked to another Plex account.');
    await this.consume(pinRowId, 'link', user.id);
    const { email, ...profile } = this.profile(account, token);
    const updated = await this.d.users.linkPlex(user.id, { ...profile, email: user.email ?? email }, ownsServer ? { role: 'admin' } : {});
    // Lost a race: another link or sign-in took the user or the Plex account in the meantime.
    if (!updated) return refuse('taken', 'That Plex account or your account was linked in the meantime; nothing was changed.');
    await this.d.recordShare(updated, ownsServer);
    await this.d.audit.record({ actorId: user.id, action: 'auth.plex_linked', targetType: 'user', targetId: user.id, details: { plexUsername: account.username }, ip: meta.ip });
    return { status: 'linked', user: updated };
  }

  /**
   * The Plex token behind a PIN this client created (bound by pinToken), once approved; no
   * server-access check. Invitations use it: the invitee has no access yet. The PIN stays
   * open until {@link completeForInvite}, so a failed acceptance can be retried with it.
   */
  async approvedToken(pinId: number, pinToken: string): Promise<Pending | { status: 'approved'; pinRowId: string; token: string }> {
    const pin = await this.d.pins.findByTokenHash(hashToken(pinToken));
    if (!pin || pin.plexPinId !== pinId) throw new NotFoundError('No such Plex sign-in; start again.');
    if (pin.completedAt) throw new GoneError('This Plex sign-in was already completed; start again.');
    if (pin.expiresAt.getTime() <= this.d.clock()) throw new GoneError();
    const remote = await this.d.plexTv.getPin(pinId);
    if (!remote) throw new GoneError();
    if (!remote.authToken) return PENDING;
    return { status: 'approved', pinRowId: pin.id, token: remote.authToken };
  }

  /** Marks an invitation's PIN used; false when another call completed it first. */
  completeForInvite(pinRowId: string, userId: string): Promise<boolean> {
    return this.d.pins.complete(pinRowId, 'invite', userId, new Date(this.d.clock()));
  }

  private async approvedAccount(
    pinId: number,
    pinToken: string,
    meta: ClientMeta,
    options: { serverOptional?: boolean } = {},
  ): Promise<Pending | { status: 'approved'; value: ApprovedAccount }> {
    const serverUrl = await this.serverUrl(options.serverOptional);
    const approved = await this.approvedToken(pinId, pinToken);
    if (approved.status === 'pending') return approved;
    const { token, pinRowId } = approved;
    const pin = { id: pinRowId };
    try {
      if (serverUrl === undefined) {
        // No server to check access against yet: the account is only identified (no role or share from it).
        return { status: 'approved', value: { pinRowId: pin.id, account: await this.d.plexTv.getAccount(token), token, ownsServer: false } };
      }
      const [account, resources, machineId] = await Promise.all([
        this.d.plexTv.getAccount(token),
        this.d.plexTv.getResources(token),
        this.d.identity.machineIdentifier(serverUrl),
      ]);
      const server = resources.find((r) => r.clientIdentifier === machineId && r.provides.split(',').includes('server'));
      if (!server) return await this.deny(pin.id, meta, account);
      return { status: 'approved', value: { pinRowId: pin.id, account, token, ownsServer: server.owned } };
    } catch (err) {
      if (err instanceof PlexTvTokenRejectedError) return this.deny(pin.id, meta);
      throw err;
    }
  }

  private async deny(pinRowId: string, meta: ClientMeta, account?: PlexAccount): Promise<never> {
    await this.d.pins.complete(pinRowId, 'login', null, new Date(this.d.clock()));
    this.d.logger.info('plex sign-in refused: the account has no access to the configured server', { plexUsername: account?.username });
    await this.d.audit.record({
      actorId: null,
      action: 'auth.plex_access_denied',
      details: account ? { plexId: String(account.id), plexUsername: account.username } : { reason: 'token rejected' },
      ip: meta.ip,
    });
    throw new ForbiddenError('This Plex account has no access to this server; ask its owner to share it with you.', 'PLEX_ACCESS_DENIED');
  }

  private async consume(pinRowId: string, purpose: 'login' | 'link', userId: string | null): Promise<void> {
    if (!(await this.d.pins.complete(pinRowId, purpose, userId, new Date(this.d.clock())))) {
      throw new GoneError('This Plex sign-in was already completed; start again.');
    }
  }

  private profile(account: PlexAccount, token: string): PlexProfile {
    return {
      plexId: String(account.id),
      plexUsername: account.username,
      email: account.email || null,
      avatarUrl: account.thumb || null,
      // The Plex token is only ever stored encrypted and never returned.
      plexTokenEnc: this.d.encryptor.encrypt(token),
    };
  }

  private async freeUsername(account: PlexAccount): Promise<string> {
    for (const candidate of [account.username, `${account.username}-plex`, `${account.username}-${account.id}`]) {
      if (await this.d.users.isUsernameFree(candidate)) return candidate;
    }
    return `${account.username}-${randomToken(4)}`;
  }

  private async serverUrl(optional = false): Promise<string | undefined> {
    const { serverUrl } = (await this.d.settings.get()).plex;
    if (!serverUrl && optional) return undefined;
    if (!serverUrl) throw new NotConfiguredError('plex', 'Sign-in with Plex needs a Plex server; an admin can set it up in Settings.');
    return serverUrl;
  }

  private async authUrl(code: string): Promise<string> {
    const params = `clientID=${encodeURIComponent(await this.d.clientId.get())}&code=${encodeURIComponent(code)}`;
    return `${this.d.config.plexAuthAppUrl}#?${params}&context%5Bdevice%5D%5Bproduct%5D=${encodeURIComponent(PLEX_PRODUCT)}`;
  }
}
