import { Redis } from 'ioredis';
import pg from 'pg';
import { TEST_PG_ADMIN_URL, TEST_REDIS_URL } from './env';

/**
 * Fails the run early and clearly when PostgreSQL or Redis is not reachable,
 * and drops test databases left behind by crashed runs older than an hour.
 */
export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${TEST_PG_ADMIN_URL}: ${(err as Error).message}`, { cause: err });
  }
  const stale = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'mn_test_%' AND split_part(datname, '_', 3)::bigint < $1`,
    [Date.now() - 3_600_000],
  );
  for (const row of stale.rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`).catch(() => undefined);
  await client.end();

  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(`Redis is not reachable at ${TEST_REDIS_URL}: ${(err as Error).message}`, { cause: err });
  } finally {
    redis.disconnect();
  }
}
