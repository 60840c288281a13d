import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';
import { bearer, serverDisconnect } from '../auth/accounts-support';

describe('admin: users', () => {
  let t: TestApp;
  let admin: { id: string };
  let auth: { Authorization: string };
  const patch = (id: string, body: object) => request(t.app).patch(`/api/v1/admin/users/${id}`).set(auth).send(body);

  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.createUser({ username: 'root-admin', role: 'admin' });
    auth = bearer((await t.tokenFor(admin)).token);
    for (let i = 1; i <= 24; i++) await t.createUser({ username: `member-${String(i).padStart(2, '0')}`, email: i === 7 ? 'seven@example.com' : null });
  });
  afterAll(() => t.close());

  it('lists users a page at a time', async () => {
    const first = await request(t.app).get('/api/v1/admin/users').set(auth).expect(200);
    expect(first.body).toMatchObject({ total: 25, page: 1, pageSize: 20 });
    expect(first.body.items).toHaveLength(20);
    expect(Object.keys(first.body.items[0]).sort()).toEqual(
      ['avatarUrl', 'createdAt', 'email', 'id', 'lastLoginAt', 'mustChangePassword', 'plexLinked', 'plexShare', 'role', 'status', 'username'].sort(),
    );
    const second = await request(t.app).get('/api/v1/admin/users?page=2').set(auth).expect(200);
    expect(second.body.items).toHaveLength(5);
    const past = await request(t.app).get('/api/v1/admin/users?page=9').set(auth).expect(200);
    expect(past.body.items).toEqual([]);
    await request(t.app).get('/api/v1/admin/users?pageSize=101').set(auth).expect(400);
  });

  it('searches usernames and emails, case-insensitively', async () => {
    const byName = await request(t.app).get('/api/v1/admin/users?search=MEMBER-1').set(auth).expect(200);
    expect(byName.body.items.map((u: { username: string }) => u.username)).toEqual(
      ['member-10', 'member-11', 'member-12', 'member-13', 'member-14', 'member-15', 'member-16', 'member-17', 'member-18', 'member-19'],
    );
    const byEmail = await request(t.app).get('/api/v1/admin/users?search=seven@').set(auth).expect(200);
    expect(byEmail.body.items.map((u: { username: string }) => u.username)).toEqual(['member-07']);
  });

  it('pages search results with the total of all matches, also past the last page', async () => {
    const names = (res: { body: { items: Array<{ username: string }> } }) => res.body.items.map((u) => u.username);
    const second = await request(t.app).get('/api/v1/admin/users?search=Member-&page=2&pageSize=10').set(auth).expect(200);
    expect(second.body).toMatchObject({ total: 24, page: 2, pageSize: 10 });
    expect(names(second)).toEqual(Array.from({ length: 10 }, (_, i) => `member-${i + 11}`));
    const past = await request(t.app).get('/api/v1/admin/users?search=member-&page=9&pageSize=10').set(auth).expect(200);
    expect(past.body).toMatchObject({ total: 24, items: [] });
    const some = await request(t.app).get('/api/v1/admin/users?search=ber-0').set(auth).expect(200);
    expect(some.body.total).toBe(9);
    expect(names(some)).toEqual(Array.from({ length: 9 }, (_, i) => `member-0${i + 1}`));
    // A user found by the search is presented exactly as in the plain list.
    const plain = await request(t.app).get('/api/v1/admin/users?pageSize=100').set(auth).expect(200);
    expect(some.body.items).toEqual(plain.body.items.filter((u: { username: string }) => u.username.startsWith('member-0')));
    // LIKE's wildcards match only themselves.
    for (const search of ['%', '_', 'member_0', '%25']) {
      const res = await request(t.app).get(`/api/v1/admin/users?search=${encodeURIComponent(search)}`).set(auth).expect(200);
      expect(res.body).toMatchObject({ total: 0, items: [] });
    }
  });

  it('is for admins only (403 for users, 401 without a token)', async () => {
    const user = await t.createUser();
    const userAuth = bearer((await t.tokenFor(user)).token);
    const res = await request(t.app).get('/api/v1/admin/users').set(userAuth).expect(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    await request(t.app).patch(`/api/v1/admin/users/${user.id}`).set(userAuth).send({ role: 'admin' }).expect(403);
    await request(t.app).get('/api/v1/admin/audit-log').set(userAuth).expect(403);
    await request(t.app).get('/api/v1/admin/users').expect(401);
    expect((await t.container.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe('user');
  });

  it('promotes a user to admin, who can then use the admin API', async () => {
    const user = await t.createUser();
    const userAuth = bearer((await t.tokenFor(user)).token);
    const res = await patch(user.id, { role: 'admin' }).expect(200);
    expect(res.body).toMatchObject({ id: user.id, role: 'admin', status: 'active' });
    await request(t.app).get('/api/v1/admin/users').set(userAuth).expect(200);
    await patch(user.id, { role: 'user' }).expect(200);
    await request(t.app).get('/api/v1/admin/users').set(userAuth).expect(403);
  });

  it('suspends a user at once: next call 401, refresh refused, live socket dropped', async () => {
    const user = await t.createUser();
    const { token } = await t.tokenFor(user);
    const socket = await t.socket(token);
    const dropped = serverDisconnect(socket);
    const res = await patch(user.id, { status: 'suspended' }).expect(200);
    expect(res.body.status).toBe('suspended');
    expect(await dropped).toBe('io server disconnect');
    const next = await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(401);
    expect(['ACCOUNT_SUSPENDED', 'UNAUTHENTICATED']).toContain(next.body.error.code);
    const live = await t.container.db.prisma.session.count({ where: { userId: user.id, revokedAt: null } });
    expect(live).toBe(0);
    await expect(t.socket(token)).rejects.toThrow('unauthorized');
  });

  it('drops the sockets of a user whose role changes', async () => {
    const user = await t.createUser();
    const socket = await t.socket((await t.tokenFor(user)).token);
    const dropped = serverDisconnect(socket);
    await patch(user.id, { role: 'admin' }).expect(200);
    expect(await dropped).toBe('io server disconnect');
    await patch(user.id, { role: 'user' }).expect(200);
  });

  it('validates the change and answers 404 for an unknown user', async () => {
    const user = await t.createUser();
    await patch(user.id, {}).expect(400);
    await patch(user.id, { role: 'owner' }).expect(400);
    await patch('00000000-0000-0000-0000-000000000000', { role: 'admin' }).expect(404);
  });

  it('records every admin action in the audit log, newest first', async () => {
    const user = await t.createUser({ username: 'audited' });
    await patch(user.id, { status: 'suspended' }).expect(200);
    const res = await request(t.app).get('/api/v1/admin/audit-log?pageSize=5').set(auth).expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 5 });
    expect(res.body.items[0]).toMatchObject({
      actorId: admin.id,
      action: 'admin.user_updated',
      targetType: 'user',
      targetId: user.id,
      details: { username: 'audited', changes: { status: { from: 'active', to: 'suspended' } } },
      createdAt: expect.any(String),
    });
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['action', 'actorId', 'createdAt', 'details', 'id', 'ip', 'targetId', 'targetType']);
  });
});

describe('admin: deleting users', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await buildTestApp();
    const admin = await t.createUser({ role: 'admin' });
    auth = bearer((await t.tokenFor(admin)).token);
  });
  afterAll(() => t.close());

  it('deletes the user with their sessions, requests and notifications, drops their sockets, keeps audit entries', async () => {
    const prisma = t.container.db.prisma;
    const user = await t.createUser({ username: 'leaving' });
    const { token } = await t.tokenFor(user);
    const socket = await t.socket(token);
    await prisma.mediaRequest.create({ data: { userId: user.id, tmdbId: 603, mediaType: 'movie', title: 'The Matrix' } });
    await t.container.notifications.notify(user.id, { type: 'test', title: 't', message: 'm' });
    await t.container.audit.record({ actorId: user.id, action: 'auth.login' });
    const dropped = serverDisconnect(socket);

    await request(t.app).delete(`/api/v1/admin/users/${user.id}`).set(auth).expect(204);
    expect(await dropped).toBe('io server disconnect');
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.mediaRequest.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.notification.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.auditLog.count({ where: { actorId: user.id } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { action: 'admin.user_deleted', targetId: user.id } })).toBe(1);
    await request(t.app).get('/api/v1/auth/me').set(bearer(token)).expect(401);
    await request(t.app).delete(`/api/v1/admin/users/${user.id}`).set(auth).expect(404);
  });
});

describe('admin: never zero active admins', () => {
  let t: TestApp;
  let only: { id: string };
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await buildTestApp();
    only = await t.createUser({ role: 'admin' });
    auth = bearer((await t.tokenFor(only)).token);
    await t.createUser({ role: 'admin', status: 'suspended' });
  });
  afterAll(() => t.close());

  it('answers 409 to demoting, suspending or deleting the last active admin', async () => {
    await request(t.app).patch(`/api/v1/admin/users/${only.id}`).set(auth).send({ role: 'user' }).expect(409);
    await request(t.app).patch(`/api/v1/admin/users/${only.id}`).set(auth).send({ status: 'suspended' }).expect(409);
    const res = await request(t.app).delete(`/api/v1/admin/users/${only.id}`).set(auth).expect(409);
    expect(res.body.error.code).toBe('CONFLICT');
    const row = await t.container.db.prisma.user.findUniqueOrThrow({ where: { id: only.id } });
    expect(row).toMatchObject({ role: 'admin', status: 'active' });
  });

  it('allows it once another active admin exists', async () => {
    const second = await t.createUser({ role: 'admin' });
    await request(t.app).patch(`/api/v1/admin/users/${second.id}`).set(auth).send({ role: 'user' }).expect(200);
    await request(t.app).patch(`/api/v1/admin/users/${second.id}`).set(auth).send({ role: 'admin' }).expect(200);
    await request(t.app).patch(`/api/v1/admin/users/${only.id}`).set(auth).send({ role: 'user' }).expect(200);
    expect(await t.container.db.prisma.user.count({ where: { role: 'admin', status: 'active' } })).toBe(1);
  });

  it('lets only one of two admins demote the other when both try at once', async () => {
    const a = await t.createUser({ role: 'admin' });
    const b = await t.createUser({ role: 'admin' });
    await t.container.db.prisma.user.updateMany({ where: { role: 'admin', id: { notIn: [a.id, b.id] } }, data: { role: 'user' } });
    const aAuth = bearer((await t.tokenFor(a)).token);
    const bAuth = bearer((await t.tokenFor(b)).token);
    const results = await Promise.all([
      request(t.app).patch(`/api/v1/admin/users/${b.id}`).set(aAuth).send({ role: 'user' }),
      request(t.app).patch(`/api/v1/admin/users/${a.id}`).set(bAuth).send({ role: 'user' }),
    ]);
    // One wins; the other is refused: 409 when both passed the admin check, 403 when it was already demoted.
    const statuses = results.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    expect(await t.container.db.prisma.user.count({ where: { role: 'admin', status: 'active' } })).toBe(1);
  });
});

describe('users only ever see their own data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it("answers 404 for another user's notification and never lists it", async () => {
    const alice = await t.createUser();
    const mallory = await t.createUser();
    const note = await t.container.notifications.notify(alice.id, { type: 'test', title: 'private', message: 'for alice' });
    const malloryAuth = bearer((await t.tokenFor(mallory)).token);
    await request(t.app).post(`/api/v1/notifications/${note.id}/read`).set(malloryAuth).expect(404);
    const list = await request(t.app).get('/api/v1/notifications').set(malloryAuth).expect(200);
    expect(list.body.items).toEqual([]);
    const row = await t.container.db.prisma.notification.findUniqueOrThrow({ where: { id: note.id } });
    expect(row.readAt).toBeNull();
  });

  it("shows /me as the caller, whatever the caller asks about", async () => {
    const alice = await t.createUser({ username: 'alice-me' });
    const res = await request(t.app).get(`/api/v1/auth/me?id=${encodeURIComponent('someone-else')}`).set(bearer((await t.tokenFor(alice)).token)).expect(200);
    expect(res.body.user.username).toBe('alice-me');
  });
});
