import type { Session, User } from '@prisma/client';
import { SESSION_IDLE_MS } from '../../http/authenticate';
import { UnauthenticatedError } from '../../common/errors';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import { hashToken, randomToken } from '../../security/encryption';
import type { AccessClaims, TokenSigner } from '../../security/tokens';
import type { AuditService } from '../audit/audit.service';
import type { SessionRepository } from './session.repository';

export interface ClientMeta {
  ip?: string;
  userAgent?: string;
}

/** What a sign-in or refresh hands out: the access token for JSON, the refresh token for the cookie. */
export interface IssuedSession {
  user: User;
  sessionId: string;
  accessToken: string;
  expiresAt: Date;
  refreshToken: string;
}

export interface SessionServiceDeps {
  repo: SessionRepository;
  signer: TokenSigner;
  realtime: Realtime;
  audit: AuditService;
  logger: Logger;
  clock: () => number;
}

/**
 * Sessions: a short access JWT plus an opaque refresh token stored hashed and
 * rotated on every use. Presenting an already rotated token means it leaked (or
 * two clients raced), so the whole session is revoked.
 */
export class SessionService {
  constructor(private readonly d: SessionServiceDeps) {}

  /** The user's live sessions (devices), most recently used first. */
  listActive(userId: string): Promise<Session[]> {
    return this.d.repo.listActive(userId);
  }

  async start(user: User, meta: ClientMeta): Promise<IssuedSession> {
    const refreshToken = randomToken();
    const session = await this.d.repo.create(user.id, hashToken(refreshToken), meta, new Date(this.d.clock()));
    const { token, expiresAt } = this.d.signer.sign({ sub: user.id, sid: session.id });
    return { user, sessionId: session.id, accessToken: token, expiresAt, refreshToken };
  }

  async refresh(presented: string | undefined, meta: ClientMeta): Promise<IssuedSession> {
    const stored = presented ? await this.d.repo.findRefreshToken(hashToken(presented)) : null;
    if (!stored) throw new UnauthenticatedError('Your session has ended; sign in again.');
    const { session } = stored;
    const now = new Date(this.d.clock());
    if (session.revokedAt !== null) throw new UnauthenticatedError('Your session has ended; sign in again.');
    if (stored.rotatedAt !== null) return this.rejectReuse(session.id, session.userId, meta);
    if (session.lastUsedAt.getTime() + SESSION_IDLE_MS < now.getTime()) {
      await this.d.repo.revoke(session.id, 'idle', now);
      throw new UnauthenticatedError('Your session expired after 30 days without use; sign in again.');
    }
    if (session.user.status !== 'active') throw new UnauthenticatedError('This account is suspended; ask an admin.', 'ACCOUNT_SUSPENDED');
    const refreshToken = randomToken();
    if (!(await this.d.repo.rotate(stored.id, session.id, hashToken(refreshToken), now))) {
      return this.rejectReuse(session.id, session.userId, meta);
    }
    const { token, expiresAt } = this.d.signer.sign({ sub: session.userId, sid: session.id });
    return { user: session.user, sessionId: session.id, accessToken: token, expiresAt, refreshToken };
  }

  /** Ends the session a refresh token (any generation) or, failing that, an access token belongs to. */
  async end(ids: { refreshToken?: string; claims?: AccessClaims }, meta: ClientMeta): Promise<void> {
    const stored = ids.refreshToken ? await this.d.repo.findRefreshToken(hashToken(ids.refreshToken)) : null;
    const target = stored ? { sessionId: stored.sessionId, userId: stored.session.userId } : ids.claims && { sessionId: ids.claims.sid, userId: ids.claims.sub };
    if (!target) return;
    if (!(await this.d.repo.revoke(target.sessionId, 'logout', new Date(this.d.clock())))) return;
    this.d.realtime.disconnectSession(target.sessionId);
    await this.d.audit.record({ actorId: target.userId, action: 'auth.logout', targetType: 'session', targetId: target.sessionId, ip: meta.ip });
  }

  /** Suspension, password change: every (other) session of the user ends and its sockets drop. */
  async revokeAllForUser(userId: string, reason: string, exceptSessionId?: string): Promise<string[]> {
    const ids = await this.d.repo.revokeAllForUser(userId, reason, new Date(this.d.clock()), exceptSessionId);
    for (const id of ids) this.d.realtime.disconnectSession(id);
    return ids;
  }

  private async rejectReuse(sessionId: string, userId: string, meta: ClientMeta): Promise<never> {
    await this.d.repo.revoke(sessionId, 'refresh_token_reuse', new Date(this.d.clock()));
    this.d.realtime.disconnectSession(sessionId);
    this.d.logger.warn('a rotated refresh token was presented again; session revoked', { sessionId, userId });
    await this.d.audit.record({ actorId: userId, action: 'auth.refresh_token_reuse', targetType: 'session', targetId: sessionId, ip: meta.ip });
    throw new UnauthenticatedError('Your session has ended; sign in again.');
  }
}
