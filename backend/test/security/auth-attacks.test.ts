import jwt from 'jsonwebtoken';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFRESH_COOKIE } from '../../src/modules/auth/refresh-cookie';
import { hashToken } from '../../src/security/encryption';
import { TEST_SECRETS } from '../support/test-app';
import { databaseDigest, fillPath, operationsOf, seedResources, startSecurityApp, type SecurityApp } from './security-app';

/**
 * Attacks on sign-in and sessions that the accounts tests (test/auth) do not
 * already cover: fixation, brute force from rotating addresses, cross-user
 * access to every :id route, privilege escalation, CORS and CSRF.
 */
let s: SecurityApp;
let userAuth: string;
const APP_ORIGIN = 'http://localhost:4000';

beforeAll(async () => {
  s = await startSecurityApp();
  userAuth = await s.bearer(s.user);
});
afterAll(async () => {
  await s.close();
});

const login = (username: string, password: string) => request(s.t.app).post('/api/v1/auth/login').send({ username, password });
const refresh = (cookie: string, origin?: string) => {
  const req = request(s.t.app).post('/api/v1/auth/refresh').set('Cookie', `${REFRESH_COOKIE}=${cookie}`);
  return origin ? req.set('Origin', origin) : req;
};

function refreshCookieOf(res: Response): string | undefined {
  const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${REFRESH_COOKIE}=`));
  const value = header?.split(';')[0]?.slice(REFRESH_COOKIE.length + 1);
  return value || undefined;
}

describe('session fixation', () => {
  it('never adopts a refresh cookie planted before sign-in', async () => {
    const planted = 'attacker-chosen-refresh-token-0000000000000';
    const res = await login('sec-user', 'user-password-0123').set('Cookie', `${REFRESH_COOKIE}=${planted}`).expect(200);
    const issued = refreshCookieOf(res);
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    expect(await s.t.container.db.prisma.refreshToken.findUnique({ where: { tokenHash: hashToken(planted) } })).toBeNull();
    await refresh(planted).expect(401);
  });

  it("never upgrades the attacker's own session into the victim's", async () => {
    const attackers = refreshCookieOf(await login('sec-victim', 'victim-password-0123').expect(200))!;
    // The victim signs in on a browser that carries the attacker's cookie.
    const victims = refreshCookieOf(await login('sec-user', 'user-password-0123').set('Cookie', `${REFRESH_COOKIE}=${attackers}`).expect(200))!;
    expect(victims).not.toBe(attackers);
    expect((await refresh(attackers).expect(200)).body.user.username).toBe('sec-victim');
    expect((await refresh(victims).expect(200)).body.user.username).toBe('sec-user');
  });
});

describe('brute force', () => {
  it('locks the username for the attacking network even when every attempt comes from a new address in it, and audits each failure', async () => {
    const victimName = 'sec-victim';
    for (let i = 0; i < 10; i++) await login(victimName, `guess-${i}`).set('X-Forwarded-For', `203.0.113.${i + 1}`).expect(401);
    const locked = await login(victimName, 'victim-password-0123').set('X-Forwarded-For', '203.0.113.200').expect(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    const audit = s.t.container.db.prisma.auditLog;
    expect(await audit.count({ where: { action: 'auth.login_failed', targetId: s.victim.id } })).toBeGreaterThanOrEqual(10);
    expect(await audit.findFirst({ where: { action: 'auth.login_locked', targetId: s.victim.id } })).toMatchObject({
      ip: expect.stringMatching(/^203\.0\.113\./),
      details: { username: victimName, network: '203.0.113.0/24' },
    });
  });

  it("does not let a stranger's failures from one network lock the admin out from another, and Plex sign-in stays available", async () => {
    const stranger = '198.18.7.66';
    for (let i = 0; i < 12; i++) await login('sec-admin', `guess-${i}`).set('X-Forwarded-For', stranger);
    expect((await login('sec-admin', 'admin-password-0123').set('X-Forwarded-For', stranger).expect(429)).body.error.code).toBe('RATE_LIMITED');
    // The admin, at home on another network, signs in.
    const ok = await login('sec-admin', 'admin-password-0123').set('X-Forwarded-For', '192.0.2.10').expect(200);
    expect(ok.body.user.username).toBe('sec-admin');
    // Plex sign-in is not part of the lock, even from the stranger's network.
    await request(s.t.app).post('/api/v1/auth/plex/login').set('X-Forwarded-For', stranger).expect(200);
  });
});

describe('cross-user access to every :id route', () => {
  /** Routes whose :id names something a user owns, and how to find the victim's. */
  const OWNED: Record<string, 'requestId' | 'notificationId' | 'pushSubscriptionId'> = {
    '/api/v1/media/requests/{id}': 'requestId',
    '/api/v1/notifications/{id}/read': 'notificationId',
    '/api/v1/notifications/push/subscriptions/{id}': 'pushSubscriptionId',
  };
  /**
   * Routes whose :id names something everyone shares (the Plex library, service status, a title
   * one follows: the follow itself is always the caller's), or whose code is itself the credential
   * (invitations), TMDB titles and Discover rows.
   */
  const SHARED = [/^\/api\/v1\/plex\//, /^\/api\/v1\/services\//, /^\/api\/v1\/invites\//, /^\/api\/v1\/follows\//, /^\/api\/v1\/media\/(movie|tv)\/\{tmdbId\}$/, /^\/api\/v1\/media\/discover\/\{row\}$/];

  it("answers 404 to a user reaching for someone else's resource, 403 on admin routes, and changes nothing", async () => {
    const push = await s.t.container.db.prisma.pushSubscription.create({
      data: { userId: s.victim.id, endpoint: 'https://push.example.test/victim', p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) },
    });
    const victims = { ...(await seedResources(s.t, s.victim)), pushSubscriptionId: push.id };
    const doc = (await request(s.t.app).get('/api/docs/openapi.json').expect(200)).body;
    const withId = operationsOf(doc).filter((op) => op.pathParams.length > 0);
    expect(withId.length).toBeGreaterThanOrEqual(5);
    for (const op of withId) {
      if (SHARED.some((re) => re.test(op.path))) continue;
      const name = `${op.method.toUpperCase()} ${op.path}`;
      const kind = OWNED[op.path];
      expect(op.access === 'admin' || kind !== undefined, `${name}: classify this new :id route in OWNED or SHARED`).toBe(true);
      const id = kind ? victims[kind] : s.victim.id;
      const before = await databaseDigest(s.t);
      const res = await request(s.t.app)[op.method](fillPath(op.path, { id }))
        .set('authorization', userAuth)
        .send(op.hasBody ? { role: 'admin', status: 'active' } : undefined);
      expect(res.status, name).toBe(op.access === 'admin' ? 403 : 404);
      expect(await databaseDigest(s.t), name).toEqual(before);
    }
  });

  it("never lists someone else's requests, whatever the query asks for", async () => {
    const res = await request(s.t.app).get(`/api/v1/media/requests?userId=${s.victim.id}&user_id=${s.victim.id}`).set('authorization', userAuth).expect(200);
    expect(res.body.items.every((r: { userId: string }) => r.userId === s.user.id)).toBe(true);
    await request(s.t.app).get('/api/v1/media/requests?scope=all').set('authorization', userAuth).expect(403);
  });
});

describe('privilege escalation', () => {
  it('refuses a user promoting themselves (403) and leaves the role alone', async () => {
    const res = await request(s.t.app).patch(`/api/v1/admin/users/${s.user.id}`).set('authorization', userAuth).send({ role: 'admin' });
    expect(res.status).toBe(403);
    expect((await s.t.container.db.prisma.user.findUniqueOrThrow({ where: { id: s.user.id } })).role).toBe('user');
  });

  it('ignores owner, status and ids smuggled into a media request body', async () => {
    const res = await request(s.t.app)
      .post('/api/v1/media/requests')
      .set('authorization', userAuth)
      .send({ tmdbId: 603, mediaType: 'movie', userId: s.victim.id, status: 'available', overseerrRequestId: 1, id: 'chosen-id', completedAt: '2020-01-01T00:00:00Z' })
      .expect(201);
    const row = await s.t.container.db.prisma.mediaRequest.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({ userId: s.user.id, completedAt: null });
    expect(row.id).not.toBe('chosen-id');
    expect(row.status).not.toBe('available');
  });

  it('ignores a role smuggled into a password change', async () => {
    const who = await s.t.createUser({ username: 'sec-pw', password: 'old-password-0123' });
    await request(s.t.app)
      .post('/api/v1/auth/password')
      .set('authorization', await s.bearer(who))
      .send({ currentPassword: 'old-password-0123', newPassword: 'new-password-0123', role: 'admin', status: 'active' })
      .expect(204);
    expect((await s.t.container.db.prisma.user.findUniqueOrThrow({ where: { id: who.id } })).role).toBe('user');
  });

  it('reads the role from the database, never from a claim in the token', async () => {
    const { sessionId } = await s.t.tokenFor(s.user);
    const forged = jwt.sign({ sub: s.user.id, sid: sessionId, role: 'admin', isAdmin: true }, TEST_SECRETS.JWT_SECRET, {
      algorithm: 'HS256',
      issuer: 'medianest',
      audience: 'medianest-api',
      expiresIn: 600,
    });
    await request(s.t.app).get('/api/v1/auth/me').set('authorization', `Bearer ${forged}`).expect(200);
    await request(s.t.app).get('/api/v1/admin/users').set('authorization', `Bearer ${forged}`).expect(403);
  });

  it("refuses a token that pairs one user's session with another user's id", async () => {
    const { sessionId } = await s.t.tokenFor(s.user);
    const { token } = s.t.container.signer.sign({ sub: s.admin.id, sid: sessionId });
    await request(s.t.app).get('/api/v1/admin/users').set('authorization', `Bearer ${token}`).expect(401);
  });
});

describe('CORS and CSRF', () => {
  it('gives a foreign origin no CORS permission on the cookie routes, not even in a preflight', async () => {
    const preflight = await request(s.t.app)
      .options('/api/v1/auth/refresh')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const own = await request(s.t.app).options('/api/v1/auth/refresh').set('Origin', APP_ORIGIN).set('Access-Control-Request-Method', 'POST');
    expect(own.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
  });

  it.each(['https://evil.example', 'null', `${APP_ORIGIN}.evil.example`, 'http://localhost:4001', 'https://localhost:4000'])(
    'refuses a refresh with a valid cookie from Origin %s (403), without rotating or ending the session',
    async (origin) => {
      const cookie = refreshCookieOf(await login('sec-admin', 'admin-password-0123').expect(200))!;
      const before = await databaseDigest(s.t);
      const res = await refresh(cookie, origin).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect(refreshCookieOf(res)).toBeUndefined();
      await request(s.t.app).post('/api/v1/auth/logout').set('Cookie', `${REFRESH_COOKIE}=${cookie}`).set('Origin', origin).expect(403);
      expect(await databaseDigest(s.t)).toEqual(before);
      // The same cookie still works from the app itself: it was neither rotated nor revoked.
      await refresh(cookie, APP_ORIGIN).expect(200);
    },
  );
});
