import type { User } from '@prisma/client';
import { can } from '../policies/policy';
import type { RequestHandler, Response } from 'express';
import { bearerToken, type TokenSigner } from '../security/tokens';
import { ForbiddenError, UnauthenticatedError } from '../common/errors';
import type { SessionLookup } from './session-lookup';

/** Sessions end after this long without use. */
export const SESSION_IDLE_MS = 30 * 24 * 60 * 60 * 1000;

export interface AuthContext {
  user: User;
  sessionId: string;
}

export type AccessLevel = 'user' | 'admin';

export interface AuthenticateOptions {
  /** Routes a user who must change the password may still call (GET /me, POST /password). */
  allowPasswordChange?: boolean;
}

/** The signed-in user of a request that passed `authenticate`. */
export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new UnauthenticatedError();
  return auth;
}

export type SessionCheck =
  | { ok: true; auth: AuthContext }
  | { ok: false; reason: 'unauthenticated' | 'suspended' | 'password_change_required' };

/**
 * Resolves an access token to a live session and an active user, read from
 * the database on every call: role and status are never trusted from claims.
 */
export class SessionVerifier {
  private readonly now: () => number;

  constructor(
    private readonly lookup: SessionLookup,
    private readonly signer: TokenSigner,
    options: { clock?: () => number } = {},
  ) {
    this.now = options.clock ?? Date.now;
  }

  async check(token: string | undefined, options: AuthenticateOptions = {}): Promise<SessionCheck> {
    const claims = token ? this.signer.verify(token) : undefined;
    if (!claims) return { ok: false, reason: 'unauthenticated' };
    const session = await this.lookup(claims.sid);
    if (!session || session.userId !== claims.sub || session.revokedAt !== null) return { ok: false, reason: 'unauthenticated' };
    if (session.lastUsedAt.getTime() + SESSION_IDLE_MS < this.now()) return { ok: false, reason: 'unauthenticated' };
    if (session.user.status !== 'active') return { ok: false, reason: 'suspended' };
    if (session.user.mustChangePassword && !options.allowPasswordChange) {
      return { ok: false, reason: 'password_change_required' };
    }
    return { ok: true, auth: { user: session.user, sessionId: session.id } };
  }

  /** Express guard: 401 without a live session, 403 for the wrong role or a pending password change. */
  guard(level: AccessLevel, options: AuthenticateOptions = {}): RequestHandler {
    return async (req, res, next) => {
      const result = await this.check(bearerToken(req.get('authorization')), options);
      if (!result.ok) {
        if (result.reason === 'suspended') throw new UnauthenticatedError('This account is suspended; ask an admin.', 'ACCOUNT_SUSPENDED');
        if (result.reason === 'password_change_required') {
          throw new ForbiddenError('Change the default password before doing anything else.', 'PASSWORD_CHANGE_REQUIRED');
        }
        throw new UnauthenticatedError();
      }
      if (level === 'admin' && !can(result.auth.user, 'admin:access')) throw new ForbiddenError('Only admins can do that.');
      res.locals.auth = result.auth;
      next();
    };
  }
}
