import type { Role, User, UserStatus } from '@prisma/client';
import { ConflictError, NotFoundError } from '../../common/errors';
import { toList, skipTake, type List, type PageQuery } from '../../http/pagination';
import type { Realtime } from '../../realtime/realtime';
import type { AuditService } from '../audit/audit.service';
import type { SessionService } from '../auth/session.service';
import { toUserResponse, type UserResponse } from '../auth/user.presenter';
import { LastAdminError, type UserRepository } from '../auth/user.repository';

const LAST_ADMIN = 'That would leave MediaNest without an active admin; make someone else admin first.';

/** Admins manage accounts: every change takes effect at once and is audited. */
export class AdminUsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
    private readonly realtime: Realtime,
    private readonly audit: AuditService,
  ) {}

  async list(search: string | undefined, page: PageQuery): Promise<List<UserResponse>> {
    const { skip, take } = skipTake(page);
    const { rows, total } = await this.users.list(search || undefined, skip, take);
    return toList(rows.map(toUserResponse), total, page);
  }

  /** The raw rows of a page (the routes add each user's Plex share). */
  async listRows(search: string | undefined, page: PageQuery): Promise<{ rows: User[]; total: number }> {
    const { skip, take } = skipTake(page);
    return this.users.list(search || undefined, skip, take);
  }

  async update(actor: User, id: string, change: { role?: Role; status?: UserStatus }, ip?: string): Promise<User> {
    const result = await this.lastAdminSafe(() => this.users.changeRoleOrStatus(id, change));
    if (!result) throw new NotFoundError('No such user.');
    const { before, after } = result;
    if (before.status !== after.status && after.status === 'suspended') {
      // Cut off at once: no session to refresh, no socket to listen on.
      await this.sessions.revokeAllForUser(id, 'suspended');
    }
    // Sockets joined rooms for the old role; they reconnect with the new one.
    if (before.status !== after.status || before.role !== after.role) this.realtime.disconnectUser(id);
    const changes: Record<string, { from: string; to: string }> = {};
    if (before.role !== after.role) changes.role = { from: before.role, to: after.role };
    if (before.status !== after.status) changes.status = { from: before.status, to: after.status };
    await this.audit.record({ actorId: actor.id, action: 'admin.user_updated', targetType: 'user', targetId: id, details: { username: after.username, changes }, ip });
    return after;
  }

  /** Removes the user with their sessions, requests and notifications; audit entries stay. */
  async delete(actor: User, id: string, ip?: string): Promise<void> {
    const deleted = await this.lastAdminSafe(() => this.users.delete(id));
    if (!deleted) throw new NotFoundError('No such user.');
    this.realtime.disconnectUser(id);
    await this.audit.record({ actorId: actor.id, action: 'admin.user_deleted', targetType: 'user', targetId: id, details: { username: deleted.username }, ip });
  }

  private async lastAdminSafe<T>(change: () => Promise<T>): Promise<T> {
    try {
      return await change();
    } catch (err) {
      if (err instanceof LastAdminError) throw new ConflictError(LAST_ADMIN);
      throw err;
    }
  }
}
