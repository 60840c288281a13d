import type { Invite, User } from '@prisma/client';
import { ConflictError, GoneError } from '../../common/errors';
import { PlexTvSharingError } from '../../integrations/plextv/plextv-sharing.client';
import type { PlexAccount } from '../../integrations/plextv/plextv.schemas';
import type { Logger } from '../../logging/logger';
import { randomToken, type Encryptor } from '../../security/encryption';
import type { AuditService } from '../audit/audit.service';
import type { PlexAuthService } from '../auth/plex-auth.service';
import type { ClientMeta, IssuedSession, SessionService } from '../auth/session.service';
import type { NotificationService } from '../notifications/notification.service';
import { DuplicateAccountError, type InvitesRepository } from './invites.repository';
import { libraryKeysOf, type InvitesService } from './invites.service';
import type { OwnerServer, SharingContext } from './sharing-context';

const DAY_MS = 86_400_000;

export interface AcceptDeps {
  repo: InvitesRepository;
  invites: InvitesService;
  plexAuth: PlexAuthService;
  context: SharingContext;
  sessions: SessionService;
  notifications: NotificationService;
  encryptor: Encryptor;
  audit: AuditService;
  logger: Logger;
  clock: () => number;
  /** Reads and stores the new member's share from plex.tv, so they see their libraries at once. */
  recordShare?: (user: User) => Promise<void>;
}

export type AcceptResult = { status: 'pending' } | { status: 'joined'; session: IssuedSession; expiresAt: Date | null };

/**
 * Accepting an invitation, in Wizarr's proven order (UPSTREAMS F9): the invitee's
 * Plex account, the share with the owner's token (or an update of the existing
 * one), the pending invite accepted with the invitee's token, then the MediaNest
 * account. Any plex.tv failure leaves no account, gives the invite's use back,
 * undoes a share this attempt created, and is audited; the same PIN can retry.
 */
export class InviteAcceptService {
  constructor(private readonly d: AcceptDeps) {}

  async accept(code: string, pinId: number, pinToken: string, meta: ClientMeta): Promise<AcceptResult> {
    const invite = await this.d.invites.usable(code);
    const server = await this.d.context.server();
    const approved = await this.d.plexAuth.approvedToken(pinId, pinToken);
    if (approved.status === 'pending') return approved;
    const [account, owner] = await Promise.all([this.d.context.account(approved.token, 'invitee'), this.d.context.account(server.ownerToken, 'owner')]);
    const existing = await this.refuseOwnerOrMember(invite, account, owner, meta);

    if (!(await this.d.repo.reserveUse(invite.id, new Date(this.d.clock())))) {
      await this.d.invites.usable(code); // throws the precise 410
      throw new GoneError('This invitation has already been used; ask for a new one.', 'INVITE_USED_UP');
    }
    let sharedServerId: string | null;
    try {
      sharedServerId = await this.shareWith(server, invite, account, owner, approved.token);
    } catch (err) {
      await this.d.repo.releaseUse(invite.id);
      if (err instanceof PlexTvSharingError) {
        await this.d.audit.record({
          actorId: null, action: 'invite.accept_failed', targetType: 'invite', targetId: invite.id,
          details: { plexUsername: account.username, step: err.step, reason: err.reason, upstreamStatus: err.upstreamStatus ?? null, message: err.message },
          ip: meta.ip,
        });
      }
      throw err;
    }
    return this.join(invite, account, owner, approved, sharedServerId, existing, meta);
  }

  /** The owner and existing members are told so, and nothing changes. */
  private async refuseOwnerOrMember(invite: Invite, account: PlexAccount, owner: PlexAccount, meta: ClientMeta): Promise<User | null> {
    const refuse = async (reason: string, message: string): Promise<never> => {
      await this.d.audit.record({ actorId: null, action: 'invite.accept_refused', targetType: 'invite', targetId: invite.id, details: { plexUsername: account.username, reason }, ip: meta.ip });
      throw new ConflictError(message);
    };
    if (account.id === owner.id) return refuse('owner', 'This is the Plex account that owns the server; you already have everything. Sign in with Plex instead.');
    const existing = await this.d.repo.findUserByPlexId(String(account.id));
    if (!existing) return null;
    if (existing.status === 'active') return refuse('member', 'You are already a member; sign in with Plex instead.');
    // A suspended account may come back through a new invitation only if its access had ended.
    if (!existing.membership?.endedAt) return refuse('suspended', 'This account is suspended; ask an admin.');
    return existing;
  }

  /** Shares (or updates the existing share) and accepts the pending invite; the share id, when plex.tv says it. */
  private async shareWith(server: OwnerServer, invite: Invite, account: PlexAccount, owner: PlexAccount, inviteeToken: string): Promise<string | null> {
    const { sharing } = this.d.context;
    const sectionIds = await this.d.context.sectionIds(server, libraryKeysOf(invite.libraryKeys));
    const shared = await sharing.share(server.ownerToken, server.machineId, { invitedEmail: account.email || account.username, sectionIds, allowSync: invite.allowSync });
    let sharedServerId = shared.status === 'shared' ? (shared.sharedServerId ?? null) : null;
    try {
      sharedServerId ??= (await sharing.findShare(server.ownerToken, server.machineId, String(account.id))) ?? null;
      if (shared.status === 'already_sharing') {
        if (!sharedServerId) {
          // Another acceptance for this same Plex account may be completing right now (its share still
          // pending on plex.tv): that one wins, and this one is told the account is a member.
          if (await this.becomesMember(account)) throw new ConflictError('You are already a member; sign in with Plex instead.');
          throw new PlexTvSharingError('refused', 'update the share', 'plex.tv says the server is already shared with this account but does not show that share; try again in a moment.');
        }
        await sharing.updateShare(server.ownerToken, sharedServerId, { sectionIds, allowSync: invite.allowSync });
      }
      await sharing.acceptPendingInvite(inviteeToken, [owner.username, owner.email ?? '', owner.title ?? '']);
    } catch (err) {
      // Undo only a share this attempt created; an existing friend keeps what they had.
      if (shared.status === 'shared' && sharedServerId) {
        await sharing.removeShare(server.ownerToken, server.machineId, sharedServerId).catch((undo: unknown) =>
          this.d.logger.warn('could not undo a plex.tv share after a failed invitation', { reason: (undo as Error).message }),
        );
      }
      throw err;
    }
    return sharedServerId;
  }

  /** Whether an account for this Plex user appears within a few seconds (a concurrent acceptance finishing). */
  private async becomesMember(account: PlexAccount): Promise<boolean> {
    for (let i = 0; i < 25; i++) {
      const user = await this.d.repo.findUserByPlexId(String(account.id));
      if (user?.status === 'active') return true;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return false;
  }

  private async join(invite: Invite, account: PlexAccount, owner: PlexAccount, approved: { pinRowId: string; token: string }, sharedServerId: string | null, existing: User | null, meta: ClientMeta): Promise<AcceptResult> {
    const now = this.d.clock();
    const expiresAt = invite.accessDays === null ? null : new Date(now + invite.accessDays * DAY_MS);
    let user: User;
    try {
      user = await this.d.repo.join({
        existing,
        username: await this.freeUsername(account),
        role: invite.role,
        profile: { plexId: String(account.id), plexUsername: account.username, email: account.email || null, avatarUrl: account.thumb || null, plexTokenEnc: this.d.encryptor.encrypt(approved.token) },
        membership: { inviteId: invite.id, sharedServerId, libraryKeys: libraryKeysOf(invite.libraryKeys), allowSync: invite.allowSync, expiresAt },
        at: new Date(now),
      });
    } catch (err) {
      await this.d.repo.releaseUse(invite.id);
      // Two acceptances for the same Plex account at once: the other one created the account.
      if (err instanceof DuplicateAccountError) throw new ConflictError('You are already a member; sign in with Plex instead.');
      throw err;
    }
    if (!(await this.d.plexAuth.completeForInvite(approved.pinRowId, user.id))) {
      // Another request with the same PIN got here first and holds the use; give this one back.
      await this.d.repo.releaseUse(invite.id);
      throw new GoneError('This Plex sign-in was already completed; start again.');
    }
    await this.d.recordShare?.(user);
    await this.d.audit.record({ actorId: user.id, action: 'invite.accepted', targetType: 'invite', targetId: invite.id, details: { plexUsername: account.username, userId: user.id, role: user.role, expiresAt: expiresAt?.toISOString() ?? null, rejoined: existing !== null }, ip: meta.ip });
    const until = expiresAt ? ` Your access lasts until ${expiresAt.toISOString().slice(0, 10)}.` : '';
    await this.d.notifications.notify(user.id, {
      type: 'invite.welcome',
      title: 'Welcome to MediaNest',
      message: `${owner.title || owner.username} shared their Plex server with you. Open Plex to watch, and use MediaNest to request new titles.${until}`,
      data: { inviteId: invite.id },
    });
    return { status: 'joined', session: await this.d.sessions.start(user, meta), expiresAt };
  }

  private async freeUsername(account: PlexAccount): Promise<string> {
    for (const candidate of [account.username, `${account.username}-plex`, `${account.username}-${account.id}`]) {
      if (await this.d.repo.isUsernameFree(candidate)) return candidate;
    }
    return `${account.username}-${randomToken(4)}`;
  }
}
