import type pg from 'pg';

type Release = (err?: Error | boolean) => void;

/**
 * Gives a pooled connection back the moment it dies while checked out.
 *
 * Why: when PostgreSQL restarts (or the network drops) in the middle of an
 * interactive transaction, Prisma's pg adapter fails its ROLLBACK on the dead
 * connection and never calls release(), so the pool keeps counting that slot
 * as busy. A few outages and every slot is gone: each request then waits for
 * `connectionTimeoutMillis` and fails, until the process restarts (seen with
 * @prisma/adapter-pg 6.19 and a proxy cut in the resilience tests).
 *
 * The client is released as broken, so the pool drops it and opens a fresh one
 * on demand; release() becomes idempotent, so a late release from Prisma (or
 * anyone) is a no-op instead of pg-pool's "Release called on client which has
 * already been released" exception.
 */
export function releaseDeadClients(pool: pg.Pool): void {
  pool.on('connect', (client: pg.PoolClient) => {
    let release: Release | undefined;
    let checkedOut = false;
    // pg-pool assigns `client.release` on every checkout (after this event).
    Object.defineProperty(client, 'release', {
      configurable: true,
      enumerable: true,
      get: (): Release => (err) => {
        if (!checkedOut || !release) return;
        checkedOut = false;
        release(err);
      },
      set: (fn: Release) => {
        release = fn;
        checkedOut = true;
      },
    });
    client.on('end', () => {
      if (checkedOut) client.release(new Error('database connection lost'));
    });
    // A checked-out client has no pool listener; an unheard 'error' event would crash the process.
    client.on('error', () => undefined);
  });
}
