import type { PrismaClient, RefreshToken, Session, User } from '@prisma/client';

export type RefreshTokenWithSession = RefreshToken & { session: Session & { user: User } };

/** Sessions and the refresh tokens issued for them (Prisma only here). */
export class SessionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async create(userId: string, tokenHash: string, meta: { ip?: string; userAgent?: string }, at: Date): Promise<Session> {
    return this.prisma.session.create({
      data: {
        userId,
        createdAt: at,
        lastUsedAt: at,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
        refreshTokens: { create: { tokenHash, createdAt: at } },
      },
    });
  }

  findRefreshToken(tokenHash: string): Promise<RefreshTokenWithSession | null> {
    return this.prisma.refreshToken.findUnique({ where: { tokenHash }, include: { session: { include: { user: true } } } });
  }

  /**
   * Exchanges a refresh token for a new one in one transaction. False when the
   * token was already exchanged (by a concurrent request too): that is reuse.
   */
  async rotate(tokenId: string, sessionId: string, newHash: string, at: Date): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const marked = await tx.refreshToken.updateMany({ where: { id: tokenId, rotatedAt: null }, data: { rotatedAt: at } });
      if (marked.count !== 1) return false;
      await tx.refreshToken.create({ data: { sessionId, tokenHash: newHash, createdAt: at } });
      await tx.session.update({ where: { id: sessionId }, data: { lastUsedAt: at } });
      return true;
    });
  }

  /** False when there was no live session with that id. */
  /** The user's live sessions, most recently used first (at most 100). */
  listActive(userId: string): Promise<Session[]> {
    return this.prisma.session.findMany({ where: { userId, revokedAt: null }, orderBy: [{ lastUsedAt: 'desc' }, { id: 'asc' }], take: 100 });
  }

  async revoke(sessionId: string, reason: string, at: Date): Promise<boolean> {
    const result = await this.prisma.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: at, revokedReason: reason } });
    return result.count > 0;
  }

  /** Revokes every live session of the user (but `exceptSessionId`) and returns their ids. */
  async revokeAllForUser(userId: string, reason: string, at: Date, exceptSessionId?: string): Promise<string[]> {
    const where = { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) };
    const live = await this.prisma.session.findMany({ where, select: { id: true } });
    if (live.length === 0) return [];
    await this.prisma.session.updateMany({ where: { id: { in: live.map((s) => s.id) }, revokedAt: null }, data: { revokedAt: at, revokedReason: reason } });
    return live.map((s) => s.id);
  }
}
