import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { legacyError } from '../fakes/plextv-sharing';
import { accept, approvedPin, bearer, createInvite, startInvitesApp, type InvitesApp } from './invites-support';

const DAY = 86_400_000;

describe('access over time and editing access', () => {
  let app: InvitesApp;
  let now = Date.now();
  beforeAll(async () => {
    app = await startInvitesApp({ clock: () => now });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    app.plextv.clearOverrides();
    await app.plextv.setMode('up');
  });

  const prisma = () => app.t.container.db.prisma;
  const round = () => app.t.container.invites.memberships.runRound();
  /** Moves the clock; access tokens (15 min) signed before then are expired, so the admin gets a fresh one. */
  async function advance(ms: number) {
    now += ms;
    app.adminToken = (await app.t.tokenFor(app.admin)).token;
  }

  async function join(name: string, body: Record<string, unknown> = {}) {
    const account = app.newAccount(name);
    const invite = await createInvite(app, body);
    const res = await accept(app, invite.code, await approvedPin(app, account)).expect(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    return { account, userId: res.body.user.id as string, token: res.body.accessToken as string, cookie };
  }

  it('reminds once a few days before the end, then expiry removes the share, suspends the account and ends its sessions', async () => {
    const m = await join('gina', { accessDays: 10, libraryIds: ['1'] });
    await round();
    expect(await prisma().notification.count({ where: { userId: m.userId, type: 'membership.expiring' } })).toBe(0);

    const socket = await app.t.socket(m.token);
    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    await advance(8 * DAY);
    await round();
    await round();
    const reminders = await prisma().notification.findMany({ where: { userId: m.userId, type: 'membership.expiring' } });
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.message).toContain('ends on');
    expect(app.sharing.shareOf(app.pms.machineIdentifier, m.account.id)).toBeDefined();

    await advance(2 * DAY + 1000);
    await round();
    await disconnected;
    expect(app.sharing.shareOf(app.pms.machineIdentifier, m.account.id)).toBeUndefined();
    const user = await prisma().user.findUniqueOrThrow({ where: { id: m.userId } });
    expect(user.status).toBe('suspended');
    expect(await prisma().session.count({ where: { userId: m.userId, revokedAt: null } })).toBe(0);
    const refresh = await request(app.t.app).post('/api/v1/auth/refresh').set('Cookie', m.cookie);
    expect(refresh.status).toBe(401);
    const view = await request(app.t.app).get(`/api/v1/admin/users/${m.userId}/access`).set(bearer(app.adminToken)).expect(200);
    expect(view.body).toMatchObject({ endedReason: 'expired', endedAt: expect.any(String) });
    expect(await prisma().auditLog.count({ where: { action: 'membership.expired', targetId: m.userId } })).toBe(1);
    // The ordinary Plex sign-in no longer admits them: plex.tv no longer lists the server.
    const pin = await approvedPin(app, m.account);
    expect((await request(app.t.app).post('/api/v1/auth/plex/callback').send(pin)).status).toBe(403);
  });

  it('suspends on time even while plex.tv is down, and removes the share on a later round', async () => {
    const m = await join('hank', { accessDays: 1 });
    await advance(DAY + 1000);
    app.plextv.override(/\/shared_servers\/\d+$/, () => legacyError(503, 'Service Unavailable'), { once: true });
    await round();
    expect((await prisma().user.findUniqueOrThrow({ where: { id: m.userId } })).status).toBe('suspended');
    expect(app.sharing.shareOf(app.pms.machineIdentifier, m.account.id)).toBeDefined();
    expect(await prisma().auditLog.count({ where: { action: 'membership.share_removal_failed', targetId: m.userId } })).toBe(1);
    await round();
    expect(app.sharing.shareOf(app.pms.machineIdentifier, m.account.id)).toBeUndefined();
  });

  it('lets an admin extend access (or make it endless), and shows the new date to the member', async () => {
    const m = await join('iris', { accessDays: 5 });
    const later = new Date(now + 60 * DAY).toISOString();
    const res = await request(app.t.app).patch(`/api/v1/admin/users/${m.userId}/access`).set(bearer(app.adminToken)).send({ expiresAt: later }).expect(200);
    expect(res.body.expiresAt).toBe(later);
    const mine = await request(app.t.app).get('/api/v1/membership').set(bearer(m.token)).expect(200);
    expect(mine.body.membership.expiresAt).toBe(later);
    await advance(10 * DAY);
    await round();
    expect((await prisma().user.findUniqueOrThrow({ where: { id: m.userId } })).status).toBe('active');
    await request(app.t.app).patch(`/api/v1/admin/users/${m.userId}/access`).set(bearer(app.adminToken)).send({ expiresAt: null }).expect(200);
    const past = await request(app.t.app).patch(`/api/v1/admin/users/${m.userId}/access`).set(bearer(app.adminToken)).send({ expiresAt: new Date(now - DAY).toISOString() }).expect(400);
    expect(past.body.error.code).toBe('VALIDATION_ERROR');
  });

  it("changes a member's libraries on plex.tv", async () => {
    const m = await join('jack', { libraryIds: ['1'] });
    const res = await request(app.t.app).patch(`/api/v1/admin/users/${m.userId}/access`).set(bearer(app.adminToken)).send({ libraryIds: ['2', '3'], allowSync: true }).expect(200);
    expect(res.body).toMatchObject({ libraryIds: ['2', '3'], allowSync: true, libraries: [{ id: '2', title: 'TV Shows' }, { id: '3', title: 'Music' }] });
    const share = app.sharing.shareOf(app.pms.machineIdentifier, m.account.id)!;
    expect(app.sharing.sectionKeysOf(app.pms.machineIdentifier, share)).toEqual(['2', '3']);
    expect(share.allowSync).toBe(true);
  });

  it('changes nothing when plex.tv refuses the library change (503 naming Plex)', async () => {
    const m = await join('kate', { libraryIds: ['1'] });
    app.plextv.override(/^\/api\/v2\/shared_servers\/\d+$/, () => legacyError(500, 'Internal Server Error'), { once: true });
    const res = await request(app.t.app).patch(`/api/v1/admin/users/${m.userId}/access`).set(bearer(app.adminToken)).send({ libraryIds: ['2'] }).expect(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex' });
    const view = await request(app.t.app).get(`/api/v1/admin/users/${m.userId}/access`).set(bearer(app.adminToken)).expect(200);
    expect(view.body.libraryIds).toEqual(['1']);
  });

  it('ends access early: deletes the share and suspends the account', async () => {
    const m = await join('liam');
    const res = await request(app.t.app).post(`/api/v1/admin/users/${m.userId}/access/end`).set(bearer(app.adminToken)).expect(200);
    expect(res.body.endedReason).toBe('ended_by_admin');
    expect(app.sharing.shareOf(app.pms.machineIdentifier, m.account.id)).toBeUndefined();
    expect((await prisma().user.findUniqueOrThrow({ where: { id: m.userId } })).status).toBe('suspended');
    expect((await request(app.t.app).get('/api/v1/auth/me').set(bearer(m.token))).status).toBe(401);
    await request(app.t.app).post(`/api/v1/admin/users/${m.userId}/access/end`).set(bearer(app.adminToken)).expect(409);
  });

  it('lets a former member come back through a new invitation', async () => {
    const m = await join('mona');
    await request(app.t.app).post(`/api/v1/admin/users/${m.userId}/access/end`).set(bearer(app.adminToken)).expect(200);
    const invite = await createInvite(app, { libraryIds: ['2'] });
    const res = await accept(app, invite.code, await approvedPin(app, m.account)).expect(200);
    expect(res.body.user).toMatchObject({ id: m.userId, status: 'active' });
    expect(app.sharing.sectionKeysOf(app.pms.machineIdentifier, app.sharing.shareOf(app.pms.machineIdentifier, m.account.id)!)).toEqual(['2']);
  });

  it('answers 404 for a user whose access MediaNest does not manage', async () => {
    const plain = await app.t.createUser();
    await request(app.t.app).get(`/api/v1/admin/users/${plain.id}/access`).set(bearer(app.adminToken)).expect(404);
    const { token } = await app.t.tokenFor(plain);
    expect((await request(app.t.app).get('/api/v1/membership').set(bearer(token)).expect(200)).body).toEqual({ membership: null });
  });

  it("imports the owner's Plex friends with their current libraries, once", async () => {
    const nina = app.newAccount('nina');
    const otto = app.newAccount('otto');
    app.sharing.share(app.pms.machineIdentifier, nina, { sectionKeys: ['1', '3'] });
    app.sharing.share(app.pms.machineIdentifier, otto);
    const res = await request(app.t.app).post('/api/v1/admin/plex-friends/import').set(bearer(app.adminToken)).expect(200);
    expect(res.body.imported).toBeGreaterThanOrEqual(2);
    const ninaUser = await prisma().user.findUniqueOrThrow({ where: { plexId: String(nina.id) } });
    expect(ninaUser).toMatchObject({ username: 'nina', email: 'nina@example.com', status: 'active', role: 'user' });
    const view = await request(app.t.app).get(`/api/v1/admin/users/${ninaUser.id}/access`).set(bearer(app.adminToken)).expect(200);
    expect(view.body).toMatchObject({ libraryIds: ['1', '3'], allLibraries: false, expiresAt: null });
    const ottoUser = await prisma().user.findUniqueOrThrow({ where: { plexId: String(otto.id) } });
    expect((await request(app.t.app).get(`/api/v1/admin/users/${ottoUser.id}/access`).set(bearer(app.adminToken)).expect(200)).body.allLibraries).toBe(true);
    const again = await request(app.t.app).post('/api/v1/admin/plex-friends/import').set(bearer(app.adminToken)).expect(200);
    expect(again.body.imported).toBe(0);
    expect(await prisma().user.count({ where: { plexId: String(nina.id) } })).toBe(1);
    // Their first Plex sign-in finds the imported account.
    const signIn = await request(app.t.app).post('/api/v1/auth/plex/callback').send(await approvedPin(app, nina)).expect(200);
    expect(signIn.body.user.id).toBe(ninaUser.id);
  });
});
