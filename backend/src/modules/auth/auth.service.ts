import type { User } from '@prisma/client';
import type { CounterStore } from '../../cache/counter-store';
import { RateLimitedError, UnauthenticatedError, ValidationError } from '../../http/errors';
import type { Logger } from '../../logging/logger';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../security/password';
import type { AuditService } from '../audit/audit.service';
import type { ClientMeta, IssuedSession, SessionService } from './session.service';
import type { UserRepository } from './user.repository';

/** 10 failed passwords for one username within 15 minutes lock that username. */
export const LOGIN_LOCK_FAILURES = 10;
export const LOGIN_LOCK_WINDOW_MS = 15 * 60 * 1000;

const INVALID = 'The username or password is not correct.';

/** Username/password sign-in (the bootstrap admin, and anyone an admin gave a password) and password changes. */
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
    private readonly counters: CounterStore,
    private readonly audit: AuditService,
    private readonly logger: Logger,
    private readonly clock: () => number,
  ) {
    // Computed once up front, so the first unknown-user attempt is not faster than the rest.
    void dummyPasswordHash();
  }

  async login(username: string, password: string, meta: ClientMeta): Promise<IssuedSession> {
    const lockKey = `login-fail:${username.toLowerCase()}`;
    const failures = await this.counters.get(lockKey);
    if (failures && failures.count >= LOGIN_LOCK_FAILURES) {
      throw new RateLimitedError((failures.resetAt - this.clock()) / 1000, 'Too many failed sign-ins for this account; try again later.');
    }
    const user = await this.users.findByUsername(username);
    // Unknown users and users without a password are checked against a dummy hash: same answer, same time.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !user.passwordHash || !ok) {
      await this.recordFailure(lockKey, username, user, meta);
      throw new UnauthenticatedError(INVALID, 'INVALID_CREDENTIALS');
    }
    if (user.status !== 'active') {
      await this.audit.record({ actorId: user.id, action: 'auth.login_failed', targetType: 'user', targetId: user.id, details: { method: 'password', reason: 'suspended' }, ip: meta.ip });
      throw new UnauthenticatedError('This account is suspended; ask an admin.', 'ACCOUNT_SUSPENDED');
    }
    await this.counters.reset(lockKey);
    const signedIn = await this.users.update(user.id, { lastLoginAt: new Date(this.clock()) });
    await this.audit.record({ actorId: user.id, action: 'auth.login', targetType: 'user', targetId: user.id, details: { method: 'password' }, ip: meta.ip });
    return this.sessions.start(signedIn, meta);
  }

  /** Ends the user's other sessions: whoever knew the old password is signed out. */
  async changePassword(user: User, sessionId: string, currentPassword: string, newPassword: string, meta: ClientMeta): Promise<void> {
    if (!user.passwordHash) throw new ValidationError('This account signs in with Plex and has no password to change.');
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      await this.audit.record({ actorId: user.id, action: 'auth.password_change_failed', targetType: 'user', targetId: user.id, ip: meta.ip });
      throw new UnauthenticatedError('The current password is not correct.', 'INVALID_CREDENTIALS');
    }
    if (newPassword === currentPassword) {
      throw new ValidationError('The new password must differ from the current one.', [{ path: 'newPassword', message: 'must differ from the current password', in: 'body' }]);
    }
    await this.users.update(user.id, { passwordHash: await hashPassword(newPassword), mustChangePassword: false });
    await this.sessions.revokeAllForUser(user.id, 'password_changed', sessionId);
    await this.audit.record({ actorId: user.id, action: 'auth.password_changed', targetType: 'user', targetId: user.id, ip: meta.ip });
  }

  private async recordFailure(lockKey: string, username: string, user: User | null, meta: ClientMeta): Promise<void> {
    const hit = await this.counters.increment(lockKey, LOGIN_LOCK_WINDOW_MS);
    // The username is logged to spot attacks; the password never is.
    this.logger.warn('failed sign-in', { username, ip: meta.ip, failures: hit.count });
    await this.audit.record({
      actorId: user?.id ?? null,
      action: 'auth.login_failed',
      targetType: user ? 'user' : undefined,
      targetId: user?.id,
      details: { method: 'password', username, reason: 'invalid_credentials' },
      ip: meta.ip,
    });
    if (hit.count === LOGIN_LOCK_FAILURES) {
      this.logger.warn('username locked after repeated failed sign-ins', { username, ip: meta.ip });
      await this.audit.record({ actorId: null, action: 'auth.login_locked', targetType: user ? 'user' : undefined, targetId: user?.id, details: { username }, ip: meta.ip });
    }
  }
}
