import type { User } from '@prisma/client';
import { can } from '../../policies/policy';
import { NotConfiguredError, NotFoundError, ServiceUnavailableError } from '../../common/errors';
import type { PlexServerIdentity } from '../../integrations/plex/plex-identity';
import type { PlexTvSection, PlexTvSharedServer, PlexTvSharesClient } from '../../integrations/plextv/plextv-shares.client';
import { PlexTvTokenRejectedError, type PlexTvClient } from '../../integrations/plextv/plextv.client';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { AuditService } from '../audit/audit.service';
import type { SessionService } from '../auth/session.service';
import { LastAdminError, type UserRepository } from '../auth/user.repository';
import type { NotificationService } from '../notifications/notification.service';
import type { PlexSettings } from '../settings/settings.service';
import { EMPTY_VIEW, FULL_VIEW, buildView, type LibraryView } from './library-view';
import type { PlexUserRow, ShareInput, ShareRepository, StoredShare } from './share.repository';

/** A resolved view is reused this long per instance; a refresh on this instance drops it at once. */
export const VIEW_CACHE_MS = 15_000;
const VIEW_CACHE_MAX = 10_000;

export interface ShareServiceDeps {
  repo: ShareRepository;
  client: PlexTvSharesClient;
  plexTv: Pick<PlexTvClient, 'getAccount'>;
  identity: Pick<PlexServerIdentity, 'machineIdentifier'>;
  settings: { get(): Promise<{ plex: PlexSettings }> };
  sessions: Pick<SessionService, 'revokeAllForUser'>;
  users: Pick<UserRepository, 'update' | 'changeRoleOrStatus'>;
  realtime: Pick<Realtime, 'disconnectUser'>;
  audit: Pick<AuditService, 'record'>;
  notifications: Pick<NotificationService, 'notifyAdmins'>;
  logger: Logger;
  clock: () => number;
}

/** What plex.tv says right now about the configured server (one round of calls with the owner's token). */
interface Snapshot {
  ownerPlexId: string;
  shares: Map<string, PlexTvSharedServer>;
  keyOfId: Map<string, string>;
}

export interface RecheckSummary {
  checked: number;
  lostAccess: number;
  changed: number;
}

const NO_SHARE: ShareInput = { kind: 'none', allLibraries: false, sectionKeys: [], libraries: [], filters: {} };
const OWNER_SHARE: ShareInput = { kind: 'owner', allLibraries: true, sectionKeys: [], libraries: [], filters: {} };

/**
 * Who may see what of the Plex server, and who may still use MediaNest: each
 * Plex user's share is read from plex.tv with the owner's token at sign-in and
 * by the periodic access re-check, stored, and turned into a LibraryView for
 * every library request. When plex.tv cannot be reached the last known share
 * stays in force (never "everything") and nobody is signed out.
 */
export class ShareService {
  private readonly views = new Map<string, { view: LibraryView; until: number }>();

  constructor(private readonly d: ShareServiceDeps) {}

  /**
   * The view of a request's user. Accounts without Plex (the bootstrap admin)
   * and Plex accounts that also hold a password (the bootstrap admin after
   * linking Plex) see everything; a Plex account sees its last known share.
   * Resolved views are kept briefly in memory: the hot path adds no query.
   */
  async viewFor(user: Pick<User, 'id' | 'plexId' | 'passwordHash'>): Promise<LibraryView> {
    if (user.plexId === null || user.passwordHash !== null) return FULL_VIEW;
    const now = this.d.clock();
    const hit = this.views.get(user.id);
    if (hit && hit.until > now) return hit.view;
    const view = toView(await this.d.repo.get(user.id));
    if (this.views.size >= VIEW_CACHE_MAX) this.views.clear();
    this.views.set(user.id, { view, until: now + VIEW_CACHE_MS });
    return view;
  }

  share(userId: string): Promise<StoredShare | null> {
    return this.d.repo.get(userId);
  }

  sharesOf(userIds: string[]): Promise<Map<string, StoredShare>> {
    return this.d.repo.forUsers(userIds);
  }

  /**
   * After a Plex sign-in or link: the owner gets everything; anyone else gets
   * what plex.tv lists for them. If plex.tv cannot say, the last known share
   * stays (a first sign-in then sees nothing until the next re-check).
   */
  async recordSignIn(user: Pick<User, 'id' | 'plexId'>, ownsServer: boolean): Promise<void> {
    if (!user.plexId) return;
    try {
      if (ownsServer) {
        await this.d.repo.save(user.id, OWNER_SHARE, new Date(this.d.clock()));
        return;
      }
      const snapshot = await this.snapshot();
      const share = shareFrom(snapshot, user.plexId);
      if (share.kind === 'none') {
        // plex.tv's resources admitted the account but its share list does not show it yet (a
        // pending or just-made share): keep what is known, or store an empty share.
        this.d.logger.warn('plex sign-in: the account is not in the server share list yet', { userId: user.id });
        if (!(await this.d.repo.get(user.id))) await this.d.repo.save(user.id, { ...NO_SHARE, kind: 'shared' }, new Date(this.d.clock()));
        return;
      }
      await this.d.repo.save(user.id, share, new Date(this.d.clock()));
    } catch (err) {
      this.d.logger.warn('plex sign-in: shared libraries could not be read; the last known share stays', { userId: user.id, reason: (err as Error).message });
    } finally {
      this.invalidate(user.id);
    }
  }

  /** The admin's "refresh" of one user: 404 for an unknown or non-Plex user, 503 when plex.tv cannot be read. */
  async refreshUser(actor: Pick<User, 'id'>, userId: string, ip?: string): Promise<{ user: PlexUserRow; share: StoredShare }> {
    const [user] = await this.d.repo.plexUsers(userId);
    if (!user) throw new NotFoundError('No such Plex user.');
    const snapshot = await this.snapshot();
    await this.apply(snapshot, user);
    await this.d.audit.record({ actorId: actor.id, action: 'admin.plex_share_refreshed', targetType: 'user', targetId: userId, details: { username: user.username }, ip });
    return { user, share: (await this.d.repo.get(userId)) as StoredShare };
  }

  /**
   * The periodic re-check: one share list for everyone. Anyone no longer shared
   * is signed out everywhere (audit + admins notified); the owner's admin role
   * follows ownership. If plex.tv cannot be read nothing changes and the error
   * is logged; the next round tries again.
   */
  async recheck(): Promise<RecheckSummary | 'not_configured' | 'unreachable'> {
    let snapshot: Snapshot;
    try {
      snapshot = await this.snapshot();
    } catch (err) {
      if (err instanceof NotConfiguredError) return 'not_configured';
      this.d.logger.warn('plex access re-check skipped: plex.tv could not be read; everyone keeps their access, retrying soon', { reason: (err as Error).message });
      return 'unreachable';
    }
    const summary: RecheckSummary = { checked: 0, lostAccess: 0, changed: 0 };
    for (const user of await this.d.repo.plexUsers()) {
      const result = await this.apply(snapshot, user);
      summary.checked++;
      if (result.lostAccess) summary.lostAccess++;
      if (result.changed) summary.changed++;
    }
    this.d.logger.info('plex access re-check done', { ...summary });
    return summary;
  }

  invalidate(userId: string): void {
    this.views.delete(userId);
  }

  private async apply(snapshot: Snapshot, user: PlexUserRow): Promise<{ lostAccess: boolean; changed: boolean }> {
    const now = new Date(this.d.clock());
    const before = await this.d.repo.get(user.id);
    const next = shareFrom(snapshot, user.plexId);
    const changed = await this.d.repo.save(user.id, next, now);
    this.invalidate(user.id);
    // The bootstrap admin (a password account that linked Plex) is not a Plex sign-in: no lockout, no role change.
    if (user.passwordHash !== null) return { lostAccess: false, changed };
    await this.followOwnership(user, before, next);
    if (next.kind !== 'none') return { lostAccess: false, changed };
    const ended = await this.d.sessions.revokeAllForUser(user.id, 'plex_access_removed');
    if (before?.kind === 'none' && ended.length === 0) return { lostAccess: false, changed };
    await this.d.audit.record({
      actorId: null,
      action: 'auth.plex_access_removed',
      targetType: 'user',
      targetId: user.id,
      details: { username: user.username, sessionsEnded: ended.length },
    });
    await this.d.notifications.notifyAdmins({
      type: 'plex.access_removed',
      title: 'Plex access removed',
      message: `${user.username} no longer has access to the Plex server and was signed out of MediaNest.`,
      data: { userId: user.id },
    });
    return { lostAccess: true, changed };
  }

  /** The owner is admin; an account that stops owning the server stops being admin through it. */
  private async followOwnership(user: PlexUserRow, before: StoredShare | null, next: ShareInput): Promise<void> {
    let to: 'admin' | 'user' | undefined;
    const isAdmin = can(user, 'admin:access');
    if (next.kind === 'owner' && !isAdmin) to = 'admin';
    if (next.kind !== 'owner' && before?.kind === 'owner' && isAdmin) to = 'user';
    if (!to) return;
    try {
      await this.d.users.changeRoleOrStatus(user.id, { role: to });
    } catch (err) {
      if (!(err instanceof LastAdminError)) throw err;
      this.d.logger.warn('plex access re-check: the former owner stays admin, as no other active admin exists', { userId: user.id });
      return;
    }
    this.d.realtime.disconnectUser(user.id);
    await this.d.audit.record({
      actorId: null,
      action: 'auth.plex_owner_role',
      targetType: 'user',
      targetId: user.id,
      details: { username: user.username, role: { from: user.role, to } },
    });
  }

  private async snapshot(): Promise<Snapshot> {
    const { plex } = await this.d.settings.get();
    if (!plex.serverUrl || !plex.token) throw new NotConfiguredError('plex');
    const token = plex.token;
    const machineId = await this.d.identity.machineIdentifier(plex.serverUrl);
    let owner: { id: number };
    let shared: PlexTvSharedServer[];
    try {
      [owner, shared] = await Promise.all([this.d.plexTv.getAccount(token), this.d.client.sharedServers(token, machineId)]);
    } catch (err) {
      if (!(err instanceof PlexTvTokenRejectedError)) throw err;
      // Only the owner's token can read the share list: another token (or a revoked one) cannot say who may see what.
      throw new ServiceUnavailableError('plex', "plex.tv refused the Plex token in Settings; shares can only be read with the server owner's token.");
    }
    const keyOfId = new Map<string, string>();
    // Section keys normally come with each share; fill any gap from the server's own id ↔ key list.
    if (shared.some((s) => s.sharedSections.some((sec) => sec.key === ''))) {
      for (const sec of await this.d.client.serverSections(token, machineId)) if (sec.key) keyOfId.set(sec.id, sec.key);
    }
    return { ownerPlexId: String(owner.id), shares: new Map(shared.map((s) => [s.userId, s])), keyOfId };
  }
}

function shareFrom(snapshot: Snapshot, plexId: string): ShareInput {
  if (plexId === snapshot.ownerPlexId) return OWNER_SHARE;
  const s = snapshot.shares.get(plexId);
  if (!s) return NO_SHARE;
  const libraries = s.sharedSections
    .map((sec: PlexTvSection) => ({ key: sec.key || snapshot.keyOfId.get(sec.id) || '', title: sec.title }))
    .filter((l) => l.key !== '');
  return { kind: 'shared', allLibraries: s.allLibraries, sectionKeys: libraries.map((l) => l.key), libraries, filters: { ...s.filters } };
}

function toView(share: StoredShare | null): LibraryView {
  if (!share || share.kind === 'none') return EMPTY_VIEW;
  if (share.kind === 'owner') return FULL_VIEW;
  return buildView(share);
}
