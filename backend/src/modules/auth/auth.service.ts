import net from 'node:net';
import type { User } from '@prisma/client';
import { ipKeyGenerator } from 'express-rate-limit';
import type { CounterStore } from '../../cache/counter-store';
import { RateLimitedError, UnauthenticatedError, ValidationError } from '../../common/errors';
import type { Logger } from '../../logging/logger';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../security/password';
import type { AuditService } from '../audit/audit.service';
import type { ClientMeta, IssuedSession, SessionService } from './session.service';
import type { UserRepository } from './user.repository';

/**
 * 10 failed passwords for one username from one client network within 15
 * minutes lock that username for that network. Counting per network means a
 * stranger's failures never lock the owner out from their own network; Plex
 * sign-in is never locked.
 */
export const LOGIN_LOCK_FAILURES = 10;
export const LOGIN_LOCK_WINDOW_MS = 15 * 60 * 1000;

/** The client's network: an IPv4 /24 or an IPv6 /56 (one subscriber's allocation), so hopping addresses within it does not help. */
export function clientNetwork(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const v4 = ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (net.isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  return net.isIPv6(ip) ? ipKeyGenerator(ip, 56) : 'unknown';
}

const INVALID = 'The username or password is not correct.';

export interface AuthServiceDeps {
  users: UserRepository;
  sessions: SessionService;
  counters: CounterStore;
  audit: AuditService;
  logger: Logger;
  clock: () => number;
}

/** Username/password sign-in (the bootstrap admin, and anyone an admin gave a password) and password changes. */
export class AuthService {
  constructor(private readonly d: AuthServiceDeps) {
    // Computed once up front, so the first unknown-user attempt is not faster than the rest.
    void dummyPasswordHash();
  }

  async login(username: string, password: string, meta: ClientMeta): Promise<IssuedSession> {
    const lockKey = `login-fail:${username.toLowerCase()}:${clientNetwork(meta.ip)}`;
    // Each attempt takes its slot before the password is checked, so parallel guesses cannot outrun the lock;
    // a success clears the count, a failure keeps its slot.
    const attempt = await this.d.counters.reserve(lockKey, LOGIN_LOCK_FAILURES, LOGIN_LOCK_WINDOW_MS);
    if (!attempt.ok) {
      throw new RateLimitedError((attempt.resetAt - this.d.clock()) / 1000, 'Too many failed sign-ins for this account from your network; try again later, or sign in with Plex.');
    }
    let user: User | null;
    let ok: boolean;
    try {
      user = await this.d.users.findByUsername(username);
      // Unknown users and users without a password are checked against a dummy hash: same answer, same time.
      ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    } catch (err) {
      await this.d.counters.release(lockKey);
      throw err;
    }
    if (!user || !user.passwordHash || !ok) {
      await this.recordFailure(attempt.count, username, user, meta);
      throw new UnauthenticatedError(INVALID, 'INVALID_CREDENTIALS');
    }
    await this.d.counters.reset(lockKey);
    if (user.status !== 'active') {
      await this.d.audit.record({ actorId: user.id, action: 'auth.login_failed', targetType: 'user', targetId: user.id, details: { method: 'password', reason: 'suspended' }, ip: meta.ip });
      throw new UnauthenticatedError('This account is suspended; ask an admin.', 'ACCOUNT_SUSPENDED');
    }
    const signedIn = await this.d.users.update(user.id, { lastLoginAt: new Date(this.d.clock()) });
    await this.d.audit.record({ actorId: user.id, action: 'auth.login', targetType: 'user', targetId: user.id, details: { method: 'password' }, ip: meta.ip });
    return this.d.sessions.start(signedIn, meta);
  }

  /** Ends the user's other sessions: whoever knew the old password is signed out. */
  async changePassword(user: User, sessionId: string, currentPassword: string, newPassword: string, meta: ClientMeta): Promise<void> {
    if (!user.passwordHash) throw new ValidationError('This account signs in with Plex and has no password to change.');
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      await this.d.audit.record({ actorId: user.id, action: 'auth.password_change_failed', targetType: 'user', targetId: user.id, ip: meta.ip });
      throw new UnauthenticatedError('The current password is not correct.', 'INVALID_CREDENTIALS');
    }
    if (newPassword === currentPassword) {
      throw new ValidationError('The new password must differ from the current one.', [{ path: 'newPassword', message: 'must differ from the current password', in: 'body' }]);
    }
    await this.d.users.update(user.id, { passwordHash: await hashPassword(newPassword), mustChangePassword: false });
    await this.d.sessions.revokeAllForUser(user.id, 'password_changed', sessionId);
    await this.d.audit.record({ actorId: user.id, action: 'auth.password_changed', targetType: 'user', targetId: user.id, ip: meta.ip });
  }

  private async recordFailure(failures: number, username: string, user: User | null, meta: ClientMeta): Promise<void> {
    // The username is logged to spot attacks; the password never is.
    this.d.logger.warn('failed sign-in', { username, ip: meta.ip, network: clientNetwork(meta.ip), failures });
    await this.d.audit.record({
      actorId: user?.id ?? null,
      action: 'auth.login_failed',
      targetType: user ? 'user' : undefined,
      targetId: user?.id,
      details: { method: 'password', username, reason: 'invalid_credentials' },
      ip: meta.ip,
    });
    if (failures === LOGIN_LOCK_FAILURES) {
      this.d.logger.warn('username locked for a network after repeated failed sign-ins', { username, ip: meta.ip, network: clientNetwork(meta.ip) });
      await this.d.audit.record({ actorId: null, action: 'auth.login_locked', targetType: user ? 'user' : undefined, targetId: user?.id, details: { username, network: clientNetwork(meta.ip) }, ip: meta.ip });
    }
  }
}
