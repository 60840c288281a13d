import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database';
import { DeliveryQueue } from '../../src/modules/notifications/delivery-queue.repository';

/** The queue on the embedded default database (PGlite): same SQL, same guarantees for one process. */
describe('delivery queue on PGlite', () => {
  let db: Database;
  let now = Date.UTC(2026, 11, 5, 12, 0, 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-pglite-queue-'));

  beforeAll(async () => {
    db = await openDatabase({ dataDir: dir });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('enqueues once per key, claims with a lease, retries after the backoff, and a request row follows its title', async () => {
    const queue = new DeliveryQueue({ prisma: db.prisma, sql: db.sql, clock: () => now });
    const payload = { kind: 'announcement', type: 'announcement', title: 't', message: 'm' };
    expect(await queue.enqueue([{ userId: null, channel: 'discord-admin', dedupeKey: 'k1', payload }])).toBe(1);
    expect(await queue.enqueue([{ userId: null, channel: 'discord-admin', dedupeKey: 'k1', payload }])).toBe(0);
    const [job] = await queue.claim(5, 10_000);
    expect(job).toMatchObject({ channel: 'discord-admin', attempts: 1, payload });
    expect(await queue.claim(5, 10_000)).toEqual([]);
    expect(await queue.fail(job!, 'down', 5, 1000)).toBe('retry');
    expect(await queue.claim(5, 10_000)).toEqual([]);
    now += 1000;
    const [again] = await queue.claim(5, 10_000);
    expect(again!.attempts).toBe(2);
    await queue.complete(again!, 'sent');
    expect(await queue.counts()).toEqual({ sent: 1 });

    const user = await db.prisma.user.create({ data: { username: 'pg' } });
    await db.prisma.mediaRequest.create({ data: { userId: user.id, tmdbId: 603, mediaType: 'movie', title: 'The Matrix' } });
    expect(await db.prisma.follow.findMany({ where: { userId: user.id } })).toEqual([expect.objectContaining({ tmdbId: 603, source: 'request', title: 'The Matrix' })]);
  });
});
