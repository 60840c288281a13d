import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database';
import { sqlSessionLookup } from '../src/http/session-lookup';
import { createTestDatabase } from './support/database';

async function expectSameAsPrisma(db: Database): Promise<void> {
  const user = await db.prisma.user.create({
    data: {
      username: `lookup-${Date.now()}`,
      email: 'someone@example.com',
      role: 'admin',
      status: 'suspended',
      passwordHash: 'scrypt$x',
      mustChangePassword: true,
      plexId: '12345',
      plexUsername: 'someone',
      plexTokenEnc: 'v1.a.b.c',
      avatarUrl: 'https://plex.tv/users/x/avatar',
      lastLoginAt: new Date('2026-01-02T03:04:05.678Z'),
    },
  });
  const session = await db.prisma.session.create({ data: { userId: user.id, lastUsedAt: new Date('2026-02-03T04:05:06.789Z') } });
  const found = await sqlSessionLookup(db.sql)(session.id);
  expect(found).toEqual({ id: session.id, userId: user.id, lastUsedAt: session.lastUsedAt, revokedAt: null, user });
  await db.prisma.session.update({ where: { id: session.id }, data: { revokedAt: new Date('2026-03-04T05:06:07.890Z') } });
  expect((await sqlSessionLookup(db.sql)(session.id))?.revokedAt).toEqual(new Date('2026-03-04T05:06:07.890Z'));
  expect(await sqlSessionLookup(db.sql)('no-such-session')).toBeNull();
}

describe('the SQL session lookup behind every authenticated request', () => {
  it('returns exactly what Prisma returns, on PostgreSQL', async () => {
    const tdb = await createTestDatabase();
    const db = await openDatabase({ databaseUrl: tdb.url, dataDir: os.tmpdir() });
    try {
      await expectSameAsPrisma(db);
    } finally {
      await db.close();
      await tdb.drop();
    }
  });

  it('returns exactly what Prisma returns, on the embedded PGlite', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-lookup-'));
    const db = await openDatabase({ dataDir: dir });
    try {
      await expectSameAsPrisma(db);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
