import { Prisma, type Invite, type Membership, type PrismaClient, type Role, type User } from '@prisma/client';

/** Invites and memberships (Prisma only here). */
/** A unique key refused the new account: another acceptance for the same Plex account made it first. */
export class DuplicateAccountError extends Error {}

export class InvitesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(data: Prisma.InviteUncheckedCreateInput): Promise<Invite> {
    return this.prisma.invite.create({ data });
  }

  findByCodeHash(codeHash: string): Promise<Invite | null> {
    return this.prisma.invite.findUnique({ where: { codeHash } });
  }

  async list(skip: number, take: number): Promise<{ rows: Invite[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.prisma.invite.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take }),
      this.prisma.invite.count(),
    ]);
    return { rows, total };
  }

  findById(id: string): Promise<Invite | null> {
    return this.prisma.invite.findUnique({ where: { id } });
  }

  async revoke(id: string, at: Date): Promise<Invite | null> {
    await this.prisma.invite.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return this.findById(id);
  }

  /** Takes one use if the invite is still usable; false when it is not (revoked, expired or used up). */
  async reserveUse(id: string, now: Date): Promise<boolean> {
    const count = await this.prisma.$executeRaw(Prisma.sql`
      UPDATE invites SET uses = uses + 1
      WHERE id = ${id} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${now})
        AND (max_uses IS NULL OR uses < max_uses)`);
    return count === 1;
  }

  /** Gives back a use taken by reserveUse when the acceptance failed. */
  async releaseUse(id: string): Promise<void> {
    await this.prisma.$executeRaw(Prisma.sql`UPDATE invites SET uses = uses - 1 WHERE id = ${id} AND uses > 0`);
  }

  findUser(id: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  findUserByPlexId(plexId: string): Promise<(User & { membership: Membership | null }) | null> {
    return this.prisma.user.findUnique({ where: { plexId }, include: { membership: true } });
  }

  async isUsernameFree(username: string): Promise<boolean> {
    return (await this.prisma.user.count({ where: { username } })) === 0;
  }

  /** An existing Plex friend's account, made before their first sign-in (no password, no token). */
  createFriend(data: { username: string; email: string | null; avatarUrl: string | null; plexId: string; plexUsername: string }): Promise<User> {
    return this.prisma.user.create({ data });
  }

  async createMembership(userId: string, membership: { plexUserId: string; sharedServerId: string; libraryKeys: string[] }): Promise<void> {
    await this.prisma.membership.create({ data: { userId, ...membership } });
  }

  async suspendUser(id: string): Promise<void> {
    await this.prisma.user.update({ where: { id }, data: { status: 'suspended' } });
  }

  findMembership(userId: string): Promise<(Membership & { user: User }) | null> {
    return this.prisma.membership.findUnique({ where: { userId }, include: { user: true } });
  }

  /**
   * Creates the member's account (or reactivates a former member's) with their membership, in one
   * transaction. A unique key refusing it (a concurrent acceptance) is a DuplicateAccountError.
   */
  async join(input: {
    existing: User | null;
    username: string;
    role: Role;
    profile: { plexId: string; plexUsername: string; email: string | null; avatarUrl: string | null; plexTokenEnc: string };
    membership: { inviteId: string; sharedServerId: string | null; libraryKeys: string[]; allowSync: boolean; expiresAt: Date | null };
    at: Date;
  }): Promise<User> {
    return this.prisma
      .$transaction(async (tx) => {
      const user = input.existing
        ? await tx.user.update({ where: { id: input.existing.id }, data: { ...input.profile, status: 'active', role: input.role, lastLoginAt: input.at } })
        : await tx.user.create({ data: { username: input.username, role: input.role, ...input.profile, lastLoginAt: input.at } });
      const membership = { ...input.membership, plexUserId: input.profile.plexId, endedAt: null, endedReason: null, shareRemovedAt: null, reminderSentAt: null };
      await tx.membership.upsert({ where: { userId: user.id }, create: { userId: user.id, ...membership }, update: membership });
      return user;
    })
      .catch((err: unknown) => {
        if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw new DuplicateAccountError('account exists', { cause: err });
        throw err;
      });
  }

  updateMembership(userId: string, data: Prisma.MembershipUncheckedUpdateInput): Promise<Membership> {
    return this.prisma.membership.update({ where: { userId }, data });
  }

  /** Active memberships whose end has come. */
  dueForExpiry(now: Date): Promise<Membership[]> {
    return this.prisma.membership.findMany({ where: { endedAt: null, expiresAt: { lte: now } }, take: 100 });
  }

  /** Ended memberships whose plex.tv share could not be removed yet. */
  pendingShareRemovals(): Promise<Membership[]> {
    return this.prisma.membership.findMany({ where: { endedAt: { not: null }, shareRemovedAt: null }, take: 100 });
  }

  dueForReminder(now: Date, until: Date): Promise<Membership[]> {
    return this.prisma.membership.findMany({ where: { endedAt: null, reminderSentAt: null, expiresAt: { gt: now, lte: until } }, take: 100 });
  }

  /** Marks the reminder sent; false when another instance already did (so it goes out once). */
  async claimReminder(id: string, at: Date): Promise<boolean> {
    return (await this.prisma.membership.updateMany({ where: { id, reminderSentAt: null }, data: { reminderSentAt: at } })).count === 1;
  }

  /** Marks the membership ended; false when it already was. */
  async markEnded(id: string, reason: string, at: Date): Promise<boolean> {
    return (await this.prisma.membership.updateMany({ where: { id, endedAt: null }, data: { endedAt: at, endedReason: reason } })).count === 1;
  }
}
