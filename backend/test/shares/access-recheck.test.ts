import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refresh, serverDisconnect } from '../auth/accounts-support';
import { LocalJobLock } from '../../src/jobs/job-lock';
import { AccessRecheckJob } from '../../src/modules/shares/access-recheck.job';
import { startSharesApp, type SharesApp, type SignedIn } from './shares-support';

const libraryIds = async (u: SignedIn) => ((await u.get('/api/v1/plex/libraries').expect(200)).body.items as Array<{ id: string }>).map((l) => l.id).sort();

describe('access follows Plex: the periodic re-check', () => {
  let app: SharesApp;
  let owner: SignedIn;
  beforeAll(async () => {
    app = await startSharesApp({ env: { PLEX_ACCESS_RECHECK_SECONDS: '1' } });
    owner = await app.signIn('owner');
  });
  afterAll(async () => {
    await app.t.container.accessRecheck.stop();
    await app.close();
  });
  beforeEach(async () => {
    await app.plextv.setMode('up');
  });

  it('shows a share change made on plex.tv within the re-check interval', async () => {
    const alice = await app.signIn('alice');
    expect(await libraryIds(alice)).toEqual(['1']);
    app.plextv.setShare(app.accounts.owner.token, app.accounts.alice.token, app.pms.machineIdentifier, { sections: ['1', '2'] });
    // Until plex.tv is read again, the last known share holds.
    expect(await libraryIds(alice)).toEqual(['1']);
    const job = app.t.container.accessRecheck;
    job.start();
    try {
      // PLEX_ACCESS_RECHECK_SECONDS=1: visible within a few intervals.
      const deadline = Date.now() + 10_000;
      let seen: string[] = [];
      while (Date.now() < deadline) {
        seen = await libraryIds(alice);
        if (seen.length === 2) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(seen).toEqual(['1', '2']);
    } finally {
      await job.stop();
      app.plextv.setShare(app.accounts.owner.token, app.accounts.alice.token, app.pms.machineIdentifier, { sections: ['1'] });
      await app.t.container.accessRecheck.round();
    }
  });

  it('ends every session of someone no longer shared: API 401, sockets dropped, refresh refused, audit, admins notified', async () => {
    const bob = await app.signIn('bob');
    const socket = await app.t.socket(bob.token);
    const dropped = serverDisconnect(socket, 10_000);
    app.plextv.removeShare(app.accounts.bob.token, app.pms.machineIdentifier);
    await app.t.container.accessRecheck.round();

    expect(await dropped).toBe('io server disconnect');
    const api = await bob.get('/api/v1/plex/libraries').expect(401);
    expect(api.body.error.code).toBe('UNAUTHENTICATED');
    await refresh(app.t, bob.refreshCookie).expect(401);

    const prisma = app.t.container.db.prisma;
    const audit = await prisma.auditLog.findFirst({ where: { action: 'auth.plex_access_removed', targetId: bob.userId } });
    expect(audit?.details).toMatchObject({ username: 'bob', sessionsEnded: 1 });
    const notes = await prisma.notification.findMany({ where: { userId: owner.userId, type: 'plex.access_removed' } });
    expect(notes.map((n) => n.message)).toEqual([expect.stringContaining('bob')]);
    // Nothing else is suspended: the account stays active, and others keep their access.
    expect((await prisma.user.findUniqueOrThrow({ where: { id: bob.userId } })).status).toBe('active');
    await owner.get('/api/v1/plex/libraries').expect(200);

    // A second round neither repeats the audit nor notifies again.
    await app.t.container.accessRecheck.round();
    expect(await prisma.auditLog.count({ where: { action: 'auth.plex_access_removed', targetId: bob.userId } })).toBe(1);

    // Sign-in is refused while unshared, and works at once when the share comes back.
    await expect(app.signIn('bob')).rejects.toThrow(/403/);
    app.plextv.setShare(app.accounts.owner.token, app.accounts.bob.token, app.pms.machineIdentifier, { sections: ['2'] });
    const again = await app.signIn('bob');
    expect(await libraryIds(again)).toEqual(['2']);
  });

  it('locks nobody out while plex.tv cannot be reached, keeps the last known share, and retries', async () => {
    const erin = await app.signIn('erin');
    const refreshBefore = erin.refreshCookie;
    await app.plextv.setMode('down');
    app.plextv.removeShare(app.accounts.erin.token, app.pms.machineIdentifier);
    const before = app.plextv.countRequests(/shared_servers/);
    await app.t.container.accessRecheck.round();
    expect(await libraryIds(erin)).toEqual(['1']);
    await refresh(app.t, refreshBefore).expect(200);
    expect(app.t.logs.text()).toContain('plex access re-check skipped');
    const prisma = app.t.container.db.prisma;
    expect(await prisma.session.count({ where: { userId: erin.userId, revokedAt: null } })).toBe(1);
    expect(app.plextv.countRequests(/shared_servers/)).toBeGreaterThan(before);
    // A running job tries a failed round again soon instead of a whole interval (an hour here) later.
    const c = app.t.container;
    const hourly = new AccessRecheckJob({ shares: c.shares, intervalSeconds: 3600, lock: new LocalJobLock(), logger: c.logger, clock: c.clock, retryMs: 300 });
    hourly.start();
    try {
      const asked = app.plextv.countRequests(/shared_servers/);
      await hourly.round();
      const deadline = Date.now() + 10_000;
      while (app.plextv.countRequests(/shared_servers/) < asked + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(app.plextv.countRequests(/shared_servers/)).toBeGreaterThanOrEqual(asked + 2);
    } finally {
      await hourly.stop();
    }
    expect(await libraryIds(erin)).toEqual(['1']);
    app.plextv.setShare(app.accounts.owner.token, app.accounts.erin.token, app.pms.machineIdentifier, { sections: ['1'] });
    await app.plextv.setMode('up');
  });

  it("makes the owner's admin role follow ownership", async () => {
    const prisma = app.t.container.db.prisma;
    // The owner lost the admin role somehow: the re-check gives it back.
    await prisma.user.update({ where: { id: owner.userId }, data: { role: 'user' } });
    await app.t.container.accessRecheck.round();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: owner.userId } })).role).toBe('admin');

    // dave was the owner (as MediaNest last knew) and now is only a friend: no longer admin through it.
    const dave = await app.signIn('dave');
    await prisma.user.update({ where: { id: dave.userId }, data: { role: 'admin' } });
    await prisma.plexShare.update({ where: { userId: dave.userId }, data: { kind: 'owner' } });
    await app.t.container.accessRecheck.round();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: dave.userId } })).role).toBe('user');
    expect(await prisma.auditLog.count({ where: { action: 'auth.plex_owner_role', targetId: dave.userId } })).toBe(1);
    // Still shared: dave keeps his sessions and his libraries.
    expect(await libraryIds(dave)).toEqual(['1', '2', '3', '4']);
  });
});
