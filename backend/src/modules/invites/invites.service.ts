import type { Invite, User } from '@prisma/client';
import { GoneError, NotFoundError, ValidationError } from '../../common/errors';
import { skipTake, toList, type List, type PageQuery } from '../../http/pagination';
import type { Encryptor } from '../../security/encryption';
import type { AuditService } from '../audit/audit.service';
import type { PlexService } from '../plex/plex.service';
import { inviteCodeHash, inviteCodeMatches, newInviteCode, normalizeInviteCode } from './invite-code';
import type { InvitesRepository } from './invites.repository';
import type { CreateInviteBody } from './invites.schemas';

const DAY_MS = 86_400_000;

export type InviteStatus = 'active' | 'expired' | 'used_up' | 'revoked';

export interface InviteView {
  id: string;
  code: string;
  url: string;
  status: InviteStatus;
  libraryIds: string[];
  allLibraries: boolean;
  role: 'user' | 'admin';
  allowSync: boolean;
  note: string | null;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  accessDays: number | null;
  revokedAt: string | null;
  createdAt: string;
  createdBy: string | null;
}

export function inviteStatus(invite: Invite, now: number): InviteStatus {
  if (invite.revokedAt) return 'revoked';
  if (invite.expiresAt && invite.expiresAt.getTime() <= now) return 'expired';
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'used_up';
  return 'active';
}

export function libraryKeysOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export interface InvitesServiceDeps {
  repo: InvitesRepository;
  plex: PlexService;
  encryptor: Encryptor;
  audit: AuditService;
  /** Invitation links point here. */
  appUrl: string;
  clock: () => number;
}

/** Admins create, list and revoke invitations; anyone with the code can see what it offers. */
export class InvitesService {
  constructor(private readonly d: InvitesServiceDeps) {}

  async create(actor: User, body: CreateInviteBody, ip?: string): Promise<InviteView> {
    // Only libraries the server has: a typo would otherwise surface when someone accepts.
    const libraries = await this.d.plex.serverLibraries();
    const unknown = body.libraryIds.filter((id) => !libraries.some((l) => l.id === id));
    if (unknown.length > 0) throw new ValidationError('Some libraries are not on the Plex server.', unknown.map((id) => ({ path: 'libraryIds', message: `no library ${id}`, in: 'body' })));
    const code = newInviteCode();
    const normalized = normalizeInviteCode(code)!;
    const now = this.d.clock();
    const invite = await this.d.repo.create({
      codeHash: inviteCodeHash(normalized),
      codeEnc: this.d.encryptor.encrypt(code),
      createdById: actor.id,
      role: body.role,
      libraryKeys: [...new Set(body.libraryIds)],
      allowSync: body.allowSync,
      note: body.note || null,
      expiresAt: body.linkExpiresInDays === null ? null : new Date(now + body.linkExpiresInDays * DAY_MS),
      maxUses: body.maxUses,
      accessDays: body.accessDays,
      createdAt: new Date(now),
    });
    await this.d.audit.record({ actorId: actor.id, action: 'invite.created', targetType: 'invite', targetId: invite.id, details: { role: invite.role, libraryIds: body.libraryIds, maxUses: invite.maxUses, accessDays: invite.accessDays }, ip });
    return this.view(invite, actor.username);
  }

  async list(page: PageQuery): Promise<List<InviteView>> {
    const { skip, take } = skipTake(page);
    const { rows, total } = await this.d.repo.list(skip, take);
    const creators = new Map<string, string>();
    for (const id of new Set(rows.map((r) => r.createdById).filter((v): v is string => v !== null))) {
      const user = await this.d.repo.findUser(id);
      if (user) creators.set(id, user.username);
    }
    return toList(rows.map((r) => this.view(r, r.createdById ? (creators.get(r.createdById) ?? null) : null)), total, page);
  }

  async revoke(actor: User, id: string, ip?: string): Promise<void> {
    const invite = await this.d.repo.revoke(id, new Date(this.d.clock()));
    if (!invite) throw new NotFoundError('No such invitation.');
    await this.d.audit.record({ actorId: actor.id, action: 'invite.revoked', targetType: 'invite', targetId: id, ip });
  }

  /** The invite behind a code: 404 when there is none, 410 when it can no longer be used. */
  async usable(code: string): Promise<Invite> {
    const normalized = normalizeInviteCode(code);
    const invite = normalized ? await this.d.repo.findByCodeHash(inviteCodeHash(normalized)) : null;
    if (!invite || !normalized || !inviteCodeMatches(normalized, invite.codeHash)) throw new NotFoundError('There is no invitation with that code; check the link.');
    const status = inviteStatus(invite, this.d.clock());
    if (status === 'revoked') throw new GoneError('This invitation was withdrawn; ask for a new one.', 'INVITE_REVOKED');
    if (status === 'expired') throw new GoneError('This invitation has expired; ask for a new one.', 'INVITE_EXPIRED');
    if (status === 'used_up') throw new GoneError('This invitation has already been used; ask for a new one.', 'INVITE_USED_UP');
    return invite;
  }

  /** What the invitee sees before signing in: who invites them, to what, until when. */
  async publicView(code: string) {
    const invite = await this.usable(code);
    const inviter = invite.createdById ? await this.d.repo.findUser(invite.createdById) : null;
    const keys = libraryKeysOf(invite.libraryKeys);
    const libraries = await this.d.plex.serverLibraries().catch(() => null);
    return {
      invitedBy: { username: inviter?.username ?? 'The server owner', avatarUrl: inviter?.avatarUrl ?? null },
      allLibraries: keys.length === 0,
      libraries: libraries ? libraries.filter((l) => keys.length === 0 || keys.includes(l.id)) : null,
      role: invite.role,
      allowSync: invite.allowSync,
      note: invite.note,
      linkExpiresAt: invite.expiresAt?.toISOString() ?? null,
      accessDays: invite.accessDays,
      accessUntil: invite.accessDays === null ? null : new Date(this.d.clock() + invite.accessDays * DAY_MS).toISOString(),
    };
  }

  private view(invite: Invite, createdBy: string | null): InviteView {
    // Unreadable after an ENCRYPTION_KEY change without the previous key: the link cannot be shown again.
    const code = this.d.encryptor.decrypt(invite.codeEnc) ?? '';
    const keys = libraryKeysOf(invite.libraryKeys);
    return {
      id: invite.id,
      code,
      url: `${this.d.appUrl.replace(/\/$/, '')}/invite/${code}`,
      status: inviteStatus(invite, this.d.clock()),
      libraryIds: keys,
      allLibraries: keys.length === 0,
      role: invite.role,
      allowSync: invite.allowSync,
      note: invite.note,
      expiresAt: invite.expiresAt?.toISOString() ?? null,
      maxUses: invite.maxUses,
      uses: invite.uses,
      accessDays: invite.accessDays,
      revokedAt: invite.revokedAt?.toISOString() ?? null,
      createdAt: invite.createdAt.toISOString(),
      createdBy,
    };
  }
}
