// The benchmark's own PostgreSQL database and Redis keys: created fresh, seeded directly, removed.
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Redis } from 'ioredis';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/** A Redis database index of its own, so cleaning up never touches other people's keys. */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
/** MediaNest's key prefix in production (container.ts). */
const REDIS_PREFIX = 'mn:';

export function databaseUrl(name) {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin(fn) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase() {
  const name = `mn_bench_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  return { name, url: databaseUrl(name) };
}

export async function dropDatabase(name) {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Deletes MediaNest's keys in the benchmark's Redis database (SCAN + DEL, never FLUSH). */
export async function clearRedisKeys() {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let cursor = '0';
  let removed = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_PREFIX}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
  return removed;
}

/** Seeds rows straight into the database the running server migrated. */
export class Seeder {
  constructor(url, jwtSecret) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.jwtSecret = jwtSecret;
  }

  /** Users with one live session each; returns [{ userId, sessionId, username, token }]. */
  async users(prefix, count, { role = 'user' } = {}) {
    const rows = Array.from({ length: count }, (_, i) => ({
      userId: crypto.randomUUID(),
      sessionId: crypto.randomUUID(),
      username: `${prefix}${i}`,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await this.pool.query(
        `INSERT INTO users (id, username, email, role, status, updated_at)
         SELECT u.id, u.name, u.name || '@bench.invalid', $3::"Role", 'active', now() FROM unnest($1::text[], $2::text[]) AS u(id, name)`,
        [chunk.map((r) => r.userId), chunk.map((r) => r.username), role],
      );
      await this.pool.query(
        `INSERT INTO sessions (id, user_id, user_agent, ip) SELECT s.id, s.uid, 'bench', '127.0.0.1' FROM unnest($1::text[], $2::text[]) AS s(id, uid)`,
        [chunk.map((r) => r.sessionId), chunk.map((r) => r.userId)],
      );
    }
    return rows.map((r) => ({ ...r, token: this.token(r) }));
  }

  /**
   * Turns a seeded user into a Plex friend whose share the server reads from the
   * database: these sections only, with plex.tv's restriction strings (e.g. movies
   * `contentRating!=R`), as the access re-check would have stored them.
   */
  async plexShare(user, { plexId, sectionKeys, filters }) {
    await this.pool.query(`UPDATE users SET plex_id = $2, plex_username = $3 WHERE id = $1`, [user.userId, plexId, user.username]);
    await this.pool.query(
      `INSERT INTO plex_shares (user_id, kind, all_libraries, section_keys, libraries, filters, checked_at, changed_at)
       VALUES ($1, 'shared', false, $2::text[], '[]'::jsonb, $3::jsonb, now(), now())`,
      [user.userId, sectionKeys, JSON.stringify(filters)],
    );
  }

  /** An access token as the server signs them (security/tokens.ts), valid for an hour. */
  token({ userId, sessionId }) {
    return jwt.sign({ sid: sessionId }, this.jwtSecret, {
      algorithm: 'HS256',
      subject: userId,
      issuer: 'medianest',
      audience: 'medianest-api',
      expiresIn: 3600,
    });
  }

  /** Media requests of one user; `overseerr` links them to requests of the fake Overseerr. */
  async mediaRequests(userId, count, { tmdbBase = 500_000, overseerr = [], status = 'pending' } = {}) {
    const n = overseerr.length || count;
    const ids = [];
    const values = [];
    for (let i = 0; i < n; i++) {
      const o = overseerr[i];
      const id = crypto.randomUUID();
      ids.push(id);
      values.push({
        id,
        tmdb: o?.tmdbId ?? tmdbBase + i,
        title: o?.title ?? `Bench Request ${i}`,
        oid: o?.overseerrRequestId ?? null,
        // Spread creation times so the list's ordering has work to do.
        created: new Date(Date.now() - i * 60_000).toISOString(),
      });
    }
    await this.pool.query(
      `INSERT INTO media_requests (id, user_id, tmdb_id, media_type, title, year, poster_path, status, overseerr_request_id, created_at, updated_at)
       SELECT v.id, $1, v.tmdb, 'movie', v.title, 2020, '/bench.jpg', $2::"RequestStatus", v.oid, v.created::timestamptz, v.created::timestamptz
       FROM unnest($3::text[], $4::int[], $5::text[], $6::int[], $7::text[]) AS v(id, tmdb, title, oid, created)`,
      [userId, status, values.map((v) => v.id), values.map((v) => v.tmdb), values.map((v) => v.title), values.map((v) => v.oid), values.map((v) => v.created)],
    );
    return ids;
  }

  async close() {
    await this.pool.end();
  }
}
