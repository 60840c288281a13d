import type { Membership, User } from '@prisma/client';
import { ConflictError, NotFoundError, ValidationError } from '../../common/errors';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { AuditService } from '../audit/audit.service';
import type { SessionService } from '../auth/session.service';
import type { NotificationService } from '../notifications/notification.service';
import type { PlexService } from '../plex/plex.service';
import type { InvitesRepository } from './invites.repository';
import { libraryKeysOf } from './invites.service';
import type { MembershipResponse, UpdateAccessBody } from './invites.schemas';
import type { SharingContext } from './sharing-context';

/** A reminder goes out this long before access ends. */
export const REMINDER_BEFORE_MS = 3 * 86_400_000;

export interface MembershipDeps {
  repo: InvitesRepository;
  context: SharingContext;
  plex: PlexService;
  sessions: SessionService;
  realtime: Realtime;
  notifications: NotificationService;
  audit: AuditService;
  logger: Logger;
  clock: () => number;
}

/** Access over time: expiry, reminders, extending, ending early and changing libraries. */
export class MembershipService {
  constructor(private readonly d: MembershipDeps) {}

  async view(userId: string): Promise<MembershipResponse | null> {
    const m = await this.d.repo.findMembership(userId);
    if (!m) return null;
    const keys = libraryKeysOf(m.libraryKeys);
    const libraries = await this.d.plex.serverLibraries().catch(() => null);
    return {
      userId: m.userId,
      plexUserId: m.plexUserId,
      allLibraries: keys.length === 0,
      libraryIds: keys,
      libraries: libraries ? libraries.filter((l) => keys.length === 0 || keys.includes(l.id)) : null,
      allowSync: m.allowSync,
      expiresAt: m.expiresAt?.toISOString() ?? null,
      endedAt: m.endedAt?.toISOString() ?? null,
      endedReason: m.endedReason,
      inviteId: m.inviteId,
      createdAt: m.createdAt.toISOString(),
    };
  }

  /** Libraries and sharing settings go to plex.tv first; the end date is MediaNest's own. */
  async update(actor: User, userId: string, body: UpdateAccessBody, ip?: string): Promise<MembershipResponse> {
    const m = await this.activeMembership(userId);
    const now = this.d.clock();
    const expiresAt = body.expiresAt === undefined ? m.expiresAt : body.expiresAt === null ? null : new Date(body.expiresAt);
    if (expiresAt && expiresAt.getTime() <= now) throw new ValidationError('The new end of access must be in the future.', [{ path: 'expiresAt', message: 'must be in the future', in: 'body' }]);
    const libraryKeys = body.libraryIds === undefined ? libraryKeysOf(m.libraryKeys) : [...new Set(body.libraryIds)];
    const allowSync = body.allowSync ?? m.allowSync;
    let sharedServerId = m.sharedServerId;
    if (body.libraryIds !== undefined || body.allowSync !== undefined) {
      const known = await this.d.plex.serverLibraries();
      const unknown = libraryKeys.filter((k) => !known.some((l) => l.id === k));
      if (unknown.length > 0) throw new ValidationError('Some libraries are not on the Plex server.', unknown.map((id) => ({ path: 'libraryIds', message: `no library ${id}`, in: 'body' })));
      const server = await this.d.context.server();
      const sectionIds = await this.d.context.sectionIds(server, libraryKeys);
      sharedServerId ??= (await this.d.context.sharing.findShare(server.ownerToken, server.machineId, m.plexUserId)) ?? null;
      if (!sharedServerId) throw new ConflictError('plex.tv shows no share with this account; invite them again.');
      await this.d.context.sharing.updateShare(server.ownerToken, sharedServerId, { sectionIds, allowSync });
    }
    const reminderReset = expiresAt?.getTime() !== m.expiresAt?.getTime();
    await this.d.repo.updateMembership(userId, { libraryKeys, allowSync, expiresAt, sharedServerId, ...(reminderReset ? { reminderSentAt: null } : {}) });
    await this.d.audit.record({
      actorId: actor.id, action: 'membership.updated', targetType: 'user', targetId: userId,
      details: { libraryIds: libraryKeys, allowSync, expiresAt: expiresAt?.toISOString() ?? null, previousExpiresAt: m.expiresAt?.toISOString() ?? null },
      ip,
    });
    return (await this.view(userId))!;
  }

  /** An admin ends access now: the share goes first (a plex.tv failure changes nothing), then the account is suspended. */
  async endNow(actor: User, userId: string, ip?: string): Promise<MembershipResponse> {
    const m = await this.activeMembership(userId);
    await this.removeShare(m);
    await this.finish(m, 'ended_by_admin', actor.id, ip);
    return (await this.view(userId))!;
  }

  /** One round of the job: expire what is due, retry share removals, send reminders. */
  async runRound(): Promise<void> {
    const now = new Date(this.d.clock());
    for (const m of await this.d.repo.dueForExpiry(now)) {
      // Access ends on time even when plex.tv is away: the share removal is retried next round.
      await this.finish(m, 'expired', null);
    }
    for (const m of await this.d.repo.pendingShareRemovals()) {
      await this.removeShare(m).catch(async (err: unknown) => {
        this.d.logger.warn('could not remove an ended plex.tv share; will retry', { userId: m.userId, reason: (err as Error).message });
        await this.d.audit.record({ actorId: null, action: 'membership.share_removal_failed', targetType: 'user', targetId: m.userId, details: { message: (err as Error).message } });
      });
    }
    for (const m of await this.d.repo.dueForReminder(now, new Date(now.getTime() + REMINDER_BEFORE_MS))) {
      if (!(await this.d.repo.claimReminder(m.id, now))) continue;
      await this.d.notifications.notify(m.userId, {
        type: 'membership.expiring',
        title: 'Your access ends soon',
        message: `Your access to the Plex server ends on ${m.expiresAt!.toISOString().slice(0, 10)}. Ask the owner if you would like more time.`,
        data: { expiresAt: m.expiresAt!.toISOString() },
      });
    }
  }

  private async finish(m: Membership, reason: 'expired' | 'ended_by_admin', actorId: string | null, ip?: string): Promise<void> {
    const at = new Date(this.d.clock());
    if (!(await this.d.repo.markEnded(m.id, reason, at))) return;
    const before = await this.d.repo.findUser(m.userId);
    if (before && before.status === 'active') {
      await this.d.repo.suspendUser(m.userId);
      await this.d.sessions.revokeAllForUser(m.userId, reason === 'expired' ? 'access_expired' : 'access_ended');
      this.d.realtime.disconnectUser(m.userId);
    }
    await this.d.audit.record({ actorId, action: reason === 'expired' ? 'membership.expired' : 'membership.ended', targetType: 'user', targetId: m.userId, details: { username: before?.username ?? null }, ip });
    if (reason === 'expired') {
      await this.d.notifications.notifyAdmins({ type: 'membership.expired', title: 'Access ended', message: `${before?.username ?? 'A member'}'s access to the Plex server has ended.`, data: { userId: m.userId } });
    }
  }

  private async removeShare(m: Membership): Promise<void> {
    if (m.shareRemovedAt) return;
    const server = await this.d.context.server();
    const sharedServerId = m.sharedServerId ?? (await this.d.context.sharing.findShare(server.ownerToken, server.machineId, m.plexUserId));
    if (sharedServerId) await this.d.context.sharing.removeShare(server.ownerToken, server.machineId, sharedServerId);
    await this.d.repo.updateMembership(m.userId, { shareRemovedAt: new Date(this.d.clock()) });
  }

  private async activeMembership(userId: string): Promise<Membership> {
    const m = await this.d.repo.findMembership(userId);
    if (!m) throw new NotFoundError('This user has no Plex access managed by MediaNest.');
    if (m.endedAt) throw new ConflictError('This access has already ended; send a new invitation instead.');
    return m;
  }
}
