import type { User } from '@prisma/client';
import type { SqlExecutor } from '../db/migrate';

export interface LiveSessionRow {
  id: string;
  userId: string;
  lastUsedAt: Date;
  revokedAt: Date | null;
  user: User;
}

export type SessionLookup = (sessionId: string) => Promise<LiveSessionRow | null>;

// Timestamps are stored as UTC `timestamp(3)` (Prisma's convention); `AT TIME
// ZONE 'UTC'` hands them to the driver as instants, whatever the server's zone.
const QUERY = `
SELECT s.id, s.user_id, s.last_used_at AT TIME ZONE 'UTC' AS last_used_at, s.revoked_at AT TIME ZONE 'UTC' AS revoked_at,
       u.id AS u_id, u.username, u.email, u.role::text AS role, u.status::text AS status, u.password_hash, u.must_change_password,
       u.plex_id, u.plex_username, u.plex_token_enc, u.avatar_url,
       u.created_at AT TIME ZONE 'UTC' AS created_at, u.updated_at AT TIME ZONE 'UTC' AS updated_at,
       u.last_login_at AT TIME ZONE 'UTC' AS last_login_at
  FROM sessions s JOIN users u ON u.id = s.user_id
 WHERE s.id = $1`;

const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/**
 * The session and its user in one plain SQL round trip. Every authenticated
 * request and socket handshake runs this, so it skips Prisma's per-query
 * compilation (the largest CPU cost of a request in the benchmarks); the row
 * is mapped to the same `User` shape Prisma returns.
 */
export function sqlSessionLookup(sql: SqlExecutor): SessionLookup {
  return async (sessionId) => {
    const [r] = await sql.query<Record<string, unknown>>(QUERY, [sessionId]);
    if (!r) return null;
    return {
      id: String(r.id),
      userId: String(r.user_id),
      lastUsedAt: asDate(r.last_used_at)!,
      revokedAt: asDate(r.revoked_at),
      user: {
        id: String(r.u_id),
        username: String(r.username),
        email: (r.email as string | null) ?? null,
        role: r.role as User['role'],
        status: r.status as User['status'],
        passwordHash: (r.password_hash as string | null) ?? null,
        mustChangePassword: Boolean(r.must_change_password),
        plexId: (r.plex_id as string | null) ?? null,
        plexUsername: (r.plex_username as string | null) ?? null,
        plexTokenEnc: (r.plex_token_enc as string | null) ?? null,
        avatarUrl: (r.avatar_url as string | null) ?? null,
        createdAt: asDate(r.created_at)!,
        updatedAt: asDate(r.updated_at)!,
        lastLoginAt: asDate(r.last_login_at),
      },
    };
  };
}

export interface SessionCacheOptions {
  /** Longest a looked-up session is reused; bounds staleness for changes made outside the app (psql). */
  ttlMs?: number;
  /** After an invalidation nothing is cached for this long, so a write still committing cannot be cached as it was before. */
  quietMs?: number;
  maxEntries?: number;
  clock?: () => number;
  /** Whether entries may be used now (false while other instances cannot reach this one with invalidations). */
  usable?: () => boolean;
}

/** A session lookup answered from memory while nothing has changed; `invalidate()` drops every entry. */
export interface CachedSessionLookup extends SessionLookup {
  invalidate(): void;
}

/**
 * Every authenticated request and socket handshake needs the session and its
 * user; this keeps recent answers in process. Any write to users or sessions
 * (suspension, role change, logout, revocation, deletion, refresh, password
 * change) calls `invalidate()` on every instance before the writer goes on
 * (see the database's identity-write hook and the invalidation bus), which
 * drops all entries: such writes are rare next to the reads. Lookups that
 * started before an invalidation, or run while a transaction that caused one
 * may still be committing, are not kept.
 */
export function cachedSessionLookup(inner: SessionLookup, options: SessionCacheOptions = {}): CachedSessionLookup {
  const ttlMs = options.ttlMs ?? 10_000;
  const quietMs = options.quietMs ?? 2_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const clock = options.clock ?? Date.now;
  const usable = options.usable ?? (() => true);
  const entries = new Map<string, { row: LiveSessionRow; until: number }>();
  let generation = 0;
  let quietUntil = 0;

  const lookup = (async (sessionId: string) => {
    if (!usable()) {
      entries.clear();
      return inner(sessionId);
    }
    const now = clock();
    const hit = entries.get(sessionId);
    if (hit) {
      if (hit.until > now) return copy(hit.row);
      entries.delete(sessionId);
    }
    const started = generation;
    const row = await inner(sessionId);
    if (row && started === generation && clock() >= quietUntil) {
      if (entries.size >= maxEntries) entries.clear();
      entries.set(sessionId, { row, until: now + ttlMs });
      return copy(row);
    }
    return row;
  }) as CachedSessionLookup;
  lookup.invalidate = () => {
    generation += 1;
    quietUntil = clock() + quietMs;
    entries.clear();
  };
  return lookup;
}

/** Callers get their own objects, as from the database. */
function copy(row: LiveSessionRow): LiveSessionRow {
  return { ...row, user: { ...row.user } };
}
