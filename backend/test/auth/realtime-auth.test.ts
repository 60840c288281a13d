import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, nextEvent, type TestApp } from '../support/test-app';
import { bearer, login, refresh, refreshCookieOf, serverDisconnect } from './accounts-support';

const PASSWORD = 'a-long-user-password';

describe('Socket.IO handshake authentication', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '1000' } });
  });
  afterAll(() => t.close());

  it('connects with a valid access token', async () => {
    const user = await t.createUser();
    const { token } = await t.tokenFor(user);
    const socket = await t.socket(token);
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });

  it('fails the connection with connect_error "unauthorized" without a token or with a bad one', async () => {
    await expect(t.socket(undefined)).rejects.toThrow('unauthorized');
    await expect(t.socket('not-a-jwt')).rejects.toThrow('unauthorized');
  });

  it('fails with "unauthorized" for a revoked session and for a suspended user', async () => {
    const user = await t.createUser();
    const revoked = await t.tokenFor(user);
    await t.container.db.prisma.session.update({ where: { id: revoked.sessionId }, data: { revokedAt: new Date() } });
    await expect(t.socket(revoked.token)).rejects.toThrow('unauthorized');
    const suspended = await t.createUser({ status: 'suspended' });
    await expect(t.socket((await t.tokenFor(suspended)).token)).rejects.toThrow('unauthorized');
  });

  it('fails with "password_change_required" while the password must be changed', async () => {
    const admin = await t.createUser({ role: 'admin', mustChangePassword: true });
    await expect(t.socket((await t.tokenFor(admin)).token)).rejects.toThrow('password_change_required');
  });

  it("delivers a user's events only to that user's sockets", async () => {
    const alice = await t.createUser();
    const bob = await t.createUser();
    const aliceSocket = await t.socket((await t.tokenFor(alice)).token);
    const bobSocket = await t.socket((await t.tokenFor(bob)).token);
    let bobGotIt = false;
    bobSocket.on('notification', () => (bobGotIt = true));
    const received = nextEvent<{ title: string }>(aliceSocket, 'notification');
    await t.container.notifications.notify(alice.id, { type: 'test', title: 'for alice', message: 'hi' });
    expect((await received).title).toBe('for alice');
    await new Promise((r) => setTimeout(r, 200));
    expect(bobGotIt).toBe(false);
  });

  it('puts admins, and only admins, in the admins room', async () => {
    const admin = await t.createUser({ role: 'admin' });
    const user = await t.createUser();
    const adminSocket = await t.socket((await t.tokenFor(admin)).token);
    const userSocket = await t.socket((await t.tokenFor(user)).token);
    let userGotIt = false;
    userSocket.on('admin:test', () => (userGotIt = true));
    const received = nextEvent(adminSocket, 'admin:test');
    t.container.realtime.emitToAdmins('admin:test', { ok: true });
    expect(await received).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, 200));
    expect(userGotIt).toBe(false);
  });

  it('drops the socket of a session that logs out', async () => {
    await t.createUser({ username: 'gina', password: PASSWORD });
    const signedIn = await login(t, 'gina', PASSWORD).expect(200);
    const socket = await t.socket(signedIn.body.accessToken);
    const dropped = serverDisconnect(socket);
    await request(t.app).post('/api/v1/auth/logout').set(bearer(signedIn.body.accessToken)).expect(204);
    expect(await dropped).toBe('io server disconnect');
  });

  it('drops the socket of a session whose refresh token was reused', async () => {
    await t.createUser({ username: 'hank', password: PASSWORD });
    const signedIn = await login(t, 'hank', PASSWORD).expect(200);
    const socket = await t.socket(signedIn.body.accessToken);
    const stolen = refreshCookieOf(signedIn);
    await refresh(t, stolen).expect(200);
    const dropped = serverDisconnect(socket);
    await refresh(t, stolen).expect(401);
    expect(await dropped).toBe('io server disconnect');
  });
});
