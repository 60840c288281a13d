import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept, approvedPin, bearer, createInvite, startInvitesApp, type InvitesApp } from './invites-support';

const DAY = 86_400_000;

/**
 * One invitation's whole life in one go, on the fakes of plex.tv (with sharing)
 * and PMS and a controlled clock: the admin creates it, the invitee accepts with
 * Plex, signs in again later and sees exactly the shared libraries, the access
 * ends on its date, the share is removed at plex.tv, every session ends, and the
 * audit log and the admins' notification say what happened.
 */
describe('an invitation from creation to the end of access', () => {
  let app: InvitesApp;
  let now = Date.parse('2026-03-02T10:00:00.000Z');
  beforeAll(async () => {
    app = await startInvitesApp({ clock: () => now });
  });
  afterAll(() => app?.close());

  const prisma = () => app.t.container.db.prisma;
  const libraryIds = async (token: string) => ((await request(app.t.app).get('/api/v1/plex/libraries').set(bearer(token)).expect(200)).body.items as Array<{ id: string }>).map((l) => l.id).sort();
  const cookieOf = (res: request.Response) => String(res.headers['set-cookie']).split(';')[0]!;

  it('is created, accepted, used, and ends on time with the share removed, sessions ended, audited and the admins told', async () => {
    // 1. The admin invites someone to Movies and Music for 7 days.
    const invite = await createInvite(app, { libraryIds: ['1', '3'], accessDays: 7 });
    expect(invite).toMatchObject({ uses: 0, status: 'active' });
    const page = await request(app.t.app).get(`/api/v1/invites/${invite.code}`).expect(200);
    expect(page.body).toMatchObject({ invitedBy: { username: 'admin' }, allLibraries: false, libraries: [{ id: '1' }, { id: '3' }], accessDays: 7 });

    // 2. The invitee accepts with their Plex account: plex.tv shares exactly those libraries, accepted for them.
    const ivy = app.newAccount('ivy');
    const accepted = await accept(app, invite.code, await approvedPin(app, ivy)).expect(200);
    const userId = accepted.body.user.id as string;
    expect(accepted.body.accessExpiresAt).toBe(new Date(now + 7 * DAY).toISOString());
    const share = app.sharing.shareOf(app.pms.machineIdentifier, ivy.id)!;
    expect(share.pending).toBe(false);
    expect(app.sharing.sectionKeysOf(app.pms.machineIdentifier, share)).toEqual(['1', '3']);
    const acceptCookie = cookieOf(accepted);

    // 3. Two days later Ivy signs in the ordinary way and sees exactly the shared libraries.
    now += 2 * DAY;
    const signIn = await request(app.t.app).post('/api/v1/auth/plex/callback').send(await approvedPin(app, ivy)).expect(200);
    expect(signIn.body.user.id).toBe(userId);
    expect(await libraryIds(signIn.body.accessToken)).toEqual(['1', '3']);
    await request(app.t.app).get('/api/v1/plex/libraries/2/items').set(bearer(signIn.body.accessToken)).expect(404);
    const signInCookie = cookieOf(signIn);
    const socket = await app.t.socket(signIn.body.accessToken);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    expect(await prisma().session.count({ where: { userId, revokedAt: null } })).toBe(2);

    // 4. Nothing ends before the date...
    now += 5 * DAY - 60_000;
    await app.t.container.invites.memberships.runRound();
    expect(app.sharing.shareOf(app.pms.machineIdentifier, ivy.id)).toBeDefined();
    expect((await prisma().user.findUniqueOrThrow({ where: { id: userId } })).status).toBe('active');

    // 5. ...and everything ends once it is reached.
    now += 2 * 60_000;
    await app.t.container.invites.memberships.runRound();
    await disconnected;
    expect(app.sharing.shareOf(app.pms.machineIdentifier, ivy.id)).toBeUndefined();
    expect((await prisma().user.findUniqueOrThrow({ where: { id: userId } })).status).toBe('suspended');
    expect(await prisma().session.count({ where: { userId, revokedAt: null } })).toBe(0);
    for (const cookie of [acceptCookie, signInCookie]) expect((await request(app.t.app).post('/api/v1/auth/refresh').set('Cookie', cookie)).status).toBe(401);
    // plex.tv no longer lists the server for Ivy, so the ordinary sign-in refuses her.
    expect((await request(app.t.app).post('/api/v1/auth/plex/callback').send(await approvedPin(app, ivy))).status).toBe(403);

    // The audit log tells the story in order, and the admins were told.
    const audit = await prisma().auditLog.findMany({ where: { OR: [{ targetId: invite.id }, { targetId: userId }] }, orderBy: { createdAt: 'asc' } });
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['invite.created', 'invite.accepted', 'membership.expired']));
    expect(actions.indexOf('invite.created')).toBeLessThan(actions.indexOf('invite.accepted'));
    expect(actions.indexOf('invite.accepted')).toBeLessThan(actions.indexOf('membership.expired'));
    expect(audit.find((a) => a.action === 'invite.created')!.actorId).toBe(app.admin.id);
    expect(audit.find((a) => a.action === 'membership.expired')!.actorId).toBeNull();
    const told = await prisma().notification.findMany({ where: { userId: app.admin.id, type: 'membership.expired' } });
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: 'Access ended', message: expect.stringContaining('ivy') });
    app.adminToken = (await app.t.tokenFor(app.admin)).token;
    const view = await request(app.t.app).get(`/api/v1/admin/users/${userId}/access`).set(bearer(app.adminToken)).expect(200);
    expect(view.body).toMatchObject({ endedReason: 'expired', endedAt: expect.any(String) });
  });
});
