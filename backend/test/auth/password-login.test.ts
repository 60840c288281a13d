import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';
import { bearer, bootstrapAdmin, login, refreshCookieOf } from './accounts-support';

describe('bootstrap admin and forced password change', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '1000' } });
    await bootstrapAdmin(t);
  });
  afterAll(() => t.close());

  it('stores the bootstrap password hashed with scrypt, never in plain text', async () => {
    const admin = await t.container.db.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    expect(admin.role).toBe('admin');
    expect(admin.passwordHash).toMatch(/^scrypt\$/);
    expect(admin.passwordHash).not.toContain('admin');
  });

  it('signs in admin/admin and reports mustChangePassword', async () => {
    const res = await login(t, 'admin', 'admin').expect(200);
    expect(res.body).toMatchObject({ mustChangePassword: true, user: { username: 'admin', role: 'admin', mustChangePassword: true, plexLinked: false } });
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(refreshCookieOf(res)).toBeTruthy();
  });

  it('answers 403 PASSWORD_CHANGE_REQUIRED on every other route until the password is changed', async () => {
    const { body } = await login(t, 'admin', 'admin').expect(200);
    const auth = bearer(body.accessToken);
    const blocked = await request(t.app).get('/api/v1/admin/users').set(auth).expect(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await request(t.app).get('/api/v1/notifications').set(auth).expect(403);
    await request(t.app).get('/api/v1/auth/me').set(auth).expect(200);
  });

  it('refuses a new password shorter than 12 characters (400) and a wrong current password (401)', async () => {
    const { body } = await login(t, 'admin', 'admin').expect(200);
    const auth = bearer(body.accessToken);
    const short = await request(t.app).post('/api/v1/auth/password').set(auth).send({ currentPassword: 'admin', newPassword: 'short' }).expect(400);
    expect(short.body.error.code).toBe('VALIDATION_ERROR');
    await request(t.app).post('/api/v1/auth/password').set(auth).send({ currentPassword: 'wrong', newPassword: 'a-long-enough-password' }).expect(401);
  });

  it('lifts the restriction once the password is changed; the old password stops working', async () => {
    const { body } = await login(t, 'admin', 'admin').expect(200);
    const auth = bearer(body.accessToken);
    await request(t.app).post('/api/v1/auth/password').set(auth).send({ currentPassword: 'admin', newPassword: 'correct horse battery' }).expect(204);
    await request(t.app).get('/api/v1/admin/users').set(auth).expect(200);
    const me = await request(t.app).get('/api/v1/auth/me').set(auth).expect(200);
    expect(me.body.user.mustChangePassword).toBe(false);
    await login(t, 'admin', 'admin').expect(401);
    const again = await login(t, 'admin', 'correct horse battery').expect(200);
    expect(again.body.mustChangePassword).toBe(false);
    const same = await request(t.app)
      .post('/api/v1/auth/password')
      .set(bearer(again.body.accessToken))
      .send({ currentPassword: 'correct horse battery', newPassword: 'correct horse battery' })
      .expect(400);
    expect(same.body.error.code).toBe('VALIDATION_ERROR');
    const audit = await t.container.db.prisma.auditLog.count({ where: { action: 'auth.password_changed' } });
    expect(audit).toBe(1);
  });

  it('ends the other sessions when the password changes', async () => {
    const other = await login(t, 'admin', 'correct horse battery').expect(200);
    const current = await login(t, 'admin', 'correct horse battery').expect(200);
    await request(t.app)
      .post('/api/v1/auth/password')
      .set(bearer(current.body.accessToken))
      .send({ currentPassword: 'correct horse battery', newPassword: 'another long password' })
      .expect(204);
    await request(t.app).get('/api/v1/auth/me').set(bearer(other.body.accessToken)).expect(401);
    await request(t.app).get('/api/v1/auth/me').set(bearer(current.body.accessToken)).expect(200);
  });

  it('does not create a second admin when one exists', async () => {
    await bootstrapAdmin(t);
    expect(await t.container.db.prisma.user.count({ where: { role: 'admin' } })).toBe(1);
  });
});

describe('password sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '1000' } });
    await t.createUser({ username: 'alice', password: 'alice-password-123' });
    await t.createUser({ username: 'locked-out', password: 'locked-password-123' });
    await t.createUser({ username: 'suspended', password: 'suspended-password-1', status: 'suspended' });
  });
  afterAll(() => t.close());

  it('answers 401 INVALID_CREDENTIALS with the same message for an unknown user and a wrong password', async () => {
    const unknown = await login(t, 'nobody', 'whatever-password').expect(401);
    const wrong = await login(t, 'alice', 'not-her-password').expect(401);
    expect(unknown.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it('takes about as long for an unknown user as for a wrong password', async () => {
    const time = async (username: string) => {
      const start = performance.now();
      await login(t, username, 'not-the-password');
      return performance.now() - start;
    };
    await time('alice');
    const known = Math.min(await time('alice'), await time('alice'));
    const unknown = Math.min(await time('nobody-at-all'), await time('nobody-at-all'));
    // Both run one scrypt hash; without the dummy hash the unknown user would answer in ~1 ms.
    expect(unknown).toBeGreaterThan(known * 0.4);
  });

  it('logs failed sign-ins with the username but never the password', async () => {
    await login(t, 'alice', 'Sup3r-Secret-Guess').expect(401);
    const text = t.logs.text();
    expect(text).toContain('failed sign-in');
    expect(text).not.toContain('Sup3r-Secret-Guess');
  });

  it('refuses a suspended user with 401 ACCOUNT_SUSPENDED', async () => {
    const res = await login(t, 'suspended', 'suspended-password-1').expect(401);
    expect(res.body.error.code).toBe('ACCOUNT_SUSPENDED');
  });

  it('records logins in the audit log', async () => {
    const res = await login(t, 'alice', 'alice-password-123').expect(200);
    const entry = await t.container.db.prisma.auditLog.findFirst({ where: { action: 'auth.login', actorId: res.body.user.id } });
    expect(entry).toMatchObject({ targetType: 'user', targetId: res.body.user.id, details: { method: 'password' } });
    expect(res.body.user.lastLoginAt).not.toBeNull();
  });

  it('locks a username for 15 minutes after 10 failures (429), even with the right password, and audits it', async () => {
    for (let i = 0; i < 10; i++) await login(t, 'locked-out', `wrong-${i}`).expect(401);
    const locked = await login(t, 'locked-out', 'locked-password-123').expect(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(900);
    const audit = await t.container.db.prisma.auditLog.findFirst({ where: { action: 'auth.login_locked' } });
    expect(audit?.details).toMatchObject({ username: 'locked-out' });
    // Other usernames are unaffected.
    await login(t, 'alice', 'alice-password-123').expect(200);
  });

  it('validates the body', async () => {
    const res = await request(t.app).post('/api/v1/auth/login').send({ username: 'alice' }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('rate limit of the auth routes per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past RATE_LIMIT_AUTH_PER_MINUTE sign-in attempts', async () => {
    for (let i = 0; i < 3; i++) await login(t, `someone-${i}`, 'wrong-password').expect(401);
    const res = await login(t, 'someone-else', 'wrong-password').expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers['ratelimit-policy']).toBeDefined();
  });

  it('shares the budget with the PIN and password routes', async () => {
    await request(t.app).get('/api/v1/auth/plex/login').expect(429);
  });
});
