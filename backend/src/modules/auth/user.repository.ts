import { Prisma, type PrismaClient, type Role, type User, type UserStatus } from '@prisma/client';

export interface PlexProfile {
  plexId: string;
  plexUsername: string;
  email: string | null;
  avatarUrl: string | null;
  plexTokenEnc: string;
}

/** A row of the user search: the total of all matches, and one user of the page (null past its end). */
interface SearchRow {
  total: number;
  id: string | null;
  username: string;
  email: string | null;
  role: string;
  status: string;
  password_hash: string | null;
  must_change_password: boolean;
  plex_id: string | null;
  plex_username: string | null;
  plex_token_enc: string | null;
  avatar_url: string | null;
  created_ms: number;
  updated_ms: number;
  last_login_ms: number | null;
}

/** Would the change leave no active admin? Then it is refused. */
export class LastAdminError extends Error {}

/** Users (Prisma only here). */
export class UserRepository {
  constructor(private readonly prisma: PrismaClient) {}

  findById(id: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { id } });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { username } });
  }

  findByPlexId(plexId: string): Promise<User | null> {
    return this.prisma.user.findUnique({ where: { plexId } });
  }

  async isUsernameFree(username: string): Promise<boolean> {
    return (await this.prisma.user.count({ where: { username } })) === 0;
  }

  async countAdmins(): Promise<number> {
    return this.prisma.user.count({ where: { role: 'admin' } });
  }

  create(data: Prisma.UserCreateInput): Promise<User> {
    return this.prisma.user.create({ data });
  }

  /** Ids of the active users (of one role when given). */
  async activeIds(role?: Role): Promise<string[]> {
    const rows = await this.prisma.user.findMany({ where: { status: 'active', ...(role ? { role } : {}) }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** Where and whether a user can be reached: their email and account status. */
  contact(id: string): Promise<{ email: string | null; status: UserStatus } | null> {
    return this.prisma.user.findUnique({ where: { id }, select: { email: true, status: true } });
  }

  createFromPlex(username: string, role: Role, profile: PlexProfile, at: Date): Promise<User> {
    return this.prisma.user.create({ data: { username, role, ...profile, lastLoginAt: at } });
  }

  /**
   * Links a Plex account to a user only while the user has none (or already
   * this one), in one conditional statement: two links racing for the same
   * user cannot both win, and the unique plex_id refuses a second owner.
   * Null when the user has another Plex account, or the account is taken.
   */
  async linkPlex(id: string, profile: Omit<PlexProfile, 'email'> & { email: string | null }, extra: Prisma.UserUpdateManyMutationInput): Promise<User | null> {
    try {
      const { count } = await this.prisma.user.updateMany({
        where: { id, OR: [{ plexId: null }, { plexId: profile.plexId }] },
        data: { ...profile, ...extra },
      });
      return count === 1 ? this.findById(id) : null;
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return null;
      throw err;
    }
  }

  update(id: string, data: Prisma.UserUpdateInput): Promise<User> {
    return this.prisma.user.update({ where: { id }, data });
  }

  async list(search: string | undefined, skip: number, take: number): Promise<{ rows: User[]; total: number }> {
    if (search) return this.search(search, skip, take);
    const [rows, total] = await Promise.all([
      this.prisma.user.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip, take }),
      this.prisma.user.count(),
    ]);
    return { rows, total };
  }

  /**
   * "Contains", case-insensitive, in the username or the email. The matches are found once,
   * through the trigram indexes (users_username_trgm_idx, users_email_trgm_idx: a BitmapOr), and
   * both the total and the page's ids come from that set: otherwise the planner may walk
   * users_created_at_id_idx in order and test every user until it has a page. The page's users
   * are then read by primary key, in the page's order, in the same statement (timestamps as epoch
   * milliseconds, as Prisma reads them: UTC).
   */
  private async search(search: string, skip: number, take: number): Promise<{ rows: User[]; total: number }> {
    // `%` and `_` match only themselves (LIKE's default escape character is the backslash).
    const pattern = `%${search.replace(/[\\%_]/g, '\\$&')}%`;
    const found = await this.prisma.$queryRaw<SearchRow[]>`
      WITH m AS MATERIALIZED (
        SELECT id, created_at FROM users WHERE username ILIKE ${pattern} OR email ILIKE ${pattern}
      )
      SELECT t.total, p.*
        FROM (SELECT count(*)::int AS total FROM m) t
        LEFT JOIN LATERAL (
          SELECT u.id, u.username, u.email, u.role::text AS role, u.status::text AS status, u.password_hash,
                 u.must_change_password, u.plex_id, u.plex_username, u.plex_token_enc, u.avatar_url,
                 (extract(epoch FROM u.created_at) * 1000)::float8 AS created_ms,
                 (extract(epoch FROM u.updated_at) * 1000)::float8 AS updated_ms,
                 (extract(epoch FROM u.last_login_at) * 1000)::float8 AS last_login_ms
            FROM (SELECT id, created_at FROM m ORDER BY created_at, id OFFSET ${skip} LIMIT ${take}) page
            JOIN users u ON u.id = page.id
           ORDER BY page.created_at, page.id
        ) p ON true`;
    const total = Number(found[0]?.total ?? 0);
    const rows: User[] = [];
    for (const r of found) {
      if (r.id === null) continue;
      rows.push({
        id: r.id,
        username: r.username,
        email: r.email,
        role: r.role as Role,
        status: r.status as UserStatus,
        passwordHash: r.password_hash,
        mustChangePassword: r.must_change_password,
        plexId: r.plex_id,
        plexUsername: r.plex_username,
        plexTokenEnc: r.plex_token_enc,
        avatarUrl: r.avatar_url,
        createdAt: new Date(Math.round(r.created_ms)),
        updatedAt: new Date(Math.round(r.updated_ms)),
        lastLoginAt: r.last_login_ms === null ? null : new Date(Math.round(r.last_login_ms)),
      });
    }
    return { rows, total };
  }

  /**
   * Changes role and/or status, refusing (LastAdminError) to leave no active
   * admin. The active admins are locked first, so two admins demoting each
   * other at once cannot both succeed.
   */
  async changeRoleOrStatus(id: string, change: { role?: Role; status?: UserStatus }): Promise<{ before: User; after: User } | null> {
    return this.prisma.$transaction(async (tx) => {
      const activeAdmins = await lockActiveAdmins(tx);
      const user = await tx.user.findUnique({ where: { id } });
      if (!user) return null;
      const stillActiveAdmin = (change.role ?? user.role) === 'admin' && (change.status ?? user.status) === 'active';
      if (activeAdmins.includes(id) && !stillActiveAdmin && activeAdmins.length <= 1) throw new LastAdminError();
      return { before: user, after: await tx.user.update({ where: { id }, data: change }) };
    });
  }

  /** Deletes the user with their sessions, requests and notifications (cascade); null when absent. */
  async delete(id: string): Promise<User | null> {
    return this.prisma.$transaction(async (tx) => {
      const activeAdmins = await lockActiveAdmins(tx);
      const user = await tx.user.findUnique({ where: { id } });
      if (!user) return null;
      if (activeAdmins.includes(id) && activeAdmins.length <= 1) throw new LastAdminError();
      await tx.plexPin.deleteMany({ where: { userId: id } });
      await tx.user.delete({ where: { id } });
      return user;
    });
  }
}

async function lockActiveAdmins(tx: Prisma.TransactionClient): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>(
    Prisma.sql`SELECT id FROM users WHERE role = 'admin' AND status = 'active' ORDER BY id FOR UPDATE`,
  );
  return rows.map((r) => r.id);
}
