import jwt from 'jsonwebtoken';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_SECRETS, type TestApp } from '../support/test-app';
import { bearer, login, refresh, refreshCookieOf, setCookieHeader } from './accounts-support';

const PASSWORD = 'a-long-user-password';
const DAY = 24 * 60 * 60 * 1000;

describe('refresh tokens and logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '1000', CORS_ORIGINS: 'https://medianest.example' } });
    await t.createUser({ username: 'bob', password: PASSWORD });
  });
  afterAll(() => t.close());

  it('sets the refresh token as an HttpOnly, SameSite=Strict cookie scoped to /api/v1/auth for 30 days', async () => {
    const res = await login(t, 'bob', PASSWORD).expect(200);
    const cookie = setCookieHeader(res);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth(;|$)/);
    expect(cookie).toMatch(/Max-Age=2592000/);
    expect(cookie).not.toMatch(/Secure/i);
    expect(JSON.stringify(res.body)).not.toContain(refreshCookieOf(res)!);
  });

  it('stores only a hash of the refresh token', async () => {
    const res = await login(t, 'bob', PASSWORD).expect(200);
    const token = refreshCookieOf(res)!;
    const rows = await t.container.db.prisma.refreshToken.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.tokenHash === token || r.tokenHash.includes(token))).toBe(false);
  });

  it('rotates the refresh token on every use and answers a working access token', async () => {
    const signedIn = await login(t, 'bob', PASSWORD).expect(200);
    const first = refreshCookieOf(signedIn)!;
    const res = await refresh(t, first).expect(200);
    const second = refreshCookieOf(res)!;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    expect(res.body).toMatchObject({ user: { username: 'bob' }, accessToken: expect.any(String), expiresAt: expect.any(String) });
    await request(t.app).get('/api/v1/auth/me').set(bearer(res.body.accessToken)).expect(200);
    const third = await refresh(t, second).expect(200);
    expect(refreshCookieOf(third)).not.toBe(second);
  });

  it('revokes the whole session when an already rotated refresh token is presented again', async () => {
    const signedIn = await login(t, 'bob', PASSWORD).expect(200);
    const stolen = refreshCookieOf(signedIn)!;
    const rotated = await refresh(t, stolen).expect(200);
    await refresh(t, stolen).expect(401);
    // The legitimate holder is signed out too: the session is gone.
    await refresh(t, refreshCookieOf(rotated)).expect(401);
    await request(t.app).get('/api/v1/auth/me').set(bearer(rotated.body.accessToken)).expect(401);
    const audit = await t.container.db.prisma.auditLog.findFirst({ where: { action: 'auth.refresh_token_reuse' } });
    expect(audit?.actorId).toBe(signedIn.body.user.id);
  });

  it('answers 401 without a cookie or with an unknown one', async () => {
    await refresh(t, undefined).expect(401);
    const res = await refresh(t, 'not-a-token-we-issued').expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('logs out: 204, the session ends and the cookie is cleared', async () => {
    const signedIn = await login(t, 'bob', PASSWORD).expect(200);
    const cookie = refreshCookieOf(signedIn)!;
    const res = await request(t.app).post('/api/v1/auth/logout').set('Cookie', `mn_refresh=${encodeURIComponent(cookie)}`).expect(204);
    expect(setCookieHeader(res)).toMatch(/mn_refresh=;.*Expires=Thu, 01 Jan 1970/);
    await refresh(t, cookie).expect(401);
    await request(t.app).get('/api/v1/auth/me').set(bearer(signedIn.body.accessToken)).expect(401);
    const session = await t.container.db.prisma.session.findFirst({ where: { revokedReason: 'logout' } });
    expect(session?.revokedAt).not.toBeNull();
  });

  it('logs out with the access token alone when the cookie is missing', async () => {
    const signedIn = await login(t, 'bob', PASSWORD).expect(200);
    await request(t.app).post('/api/v1/auth/logout').set(bearer(signedIn.body.accessToken)).expect(204);
    await request(t.app).get('/api/v1/auth/me').set(bearer(signedIn.body.accessToken)).expect(401);
  });

  it('answers 403 to /refresh and /logout from a foreign Origin (cookie CSRF)', async () => {
    const signedIn = await login(t, 'bob', PASSWORD).expect(200);
    const cookie = `mn_refresh=${encodeURIComponent(refreshCookieOf(signedIn)!)}`;
    await request(t.app).post('/api/v1/auth/refresh').set('Cookie', cookie).set('Origin', 'https://evil.example').expect(403);
    await request(t.app).post('/api/v1/auth/logout').set('Cookie', cookie).set('Origin', 'https://evil.example').expect(403);
    await request(t.app).post('/api/v1/auth/refresh').set('Cookie', cookie).set('Origin', 'https://medianest.example').expect(200);
  });

  it('refuses to refresh the session of a user suspended meanwhile', async () => {
    const carol = await t.createUser({ username: 'carol', password: PASSWORD });
    const signedIn = await login(t, 'carol', PASSWORD).expect(200);
    await t.container.db.prisma.user.update({ where: { id: carol.id }, data: { status: 'suspended' } });
    const res = await refresh(t, refreshCookieOf(signedIn)).expect(401);
    expect(res.body.error.code).toBe('ACCOUNT_SUSPENDED');
  });
});

describe('session lifetime', () => {
  let now = Date.now();
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ clock: () => now, env: { RATE_LIMIT_AUTH_PER_MINUTE: '1000' } });
    await t.createUser({ username: 'dave', password: PASSWORD });
  });
  afterAll(() => t.close());

  it('expires access tokens after 15 minutes; a refresh keeps the session going', async () => {
    const signedIn = await login(t, 'dave', PASSWORD).expect(200);
    expect(new Date(signedIn.body.expiresAt).getTime()).toBe(Math.floor(now / 1000) * 1000 + 15 * 60_000);
    now += 16 * 60_000;
    await request(t.app).get('/api/v1/auth/me').set(bearer(signedIn.body.accessToken)).expect(401);
    const res = await refresh(t, refreshCookieOf(signedIn)).expect(200);
    await request(t.app).get('/api/v1/auth/me').set(bearer(res.body.accessToken)).expect(200);
  });

  it('keeps a session used within 30 days and ends one idle for longer', async () => {
    const signedIn = await login(t, 'dave', PASSWORD).expect(200);
    now += 29 * DAY;
    const used = await refresh(t, refreshCookieOf(signedIn)).expect(200);
    now += 29 * DAY;
    const usedAgain = await refresh(t, refreshCookieOf(used)).expect(200);
    now += 31 * DAY;
    await refresh(t, refreshCookieOf(usedAgain)).expect(401);
  });
});

describe('production cookies', () => {
  it('marks the refresh cookie Secure', async () => {
    const t = await buildTestApp({ env: { NODE_ENV: 'production', RATE_LIMIT_AUTH_PER_MINUTE: '1000' } });
    try {
      await t.createUser({ username: 'erin', password: PASSWORD });
      const res = await login(t, 'erin', PASSWORD).expect(200);
      expect(setCookieHeader(res)).toMatch(/;\s*Secure/i);
    } finally {
      await t.close();
    }
  });
});

describe('access token attacks', () => {
  let t: TestApp;
  let good: string;
  let claims: { sub: string; sid: string };
  beforeAll(async () => {
    t = await buildTestApp();
    const user = await t.createUser({ username: 'frank' });
    const { token, sessionId } = await t.tokenFor(user);
    good = token;
    claims = { sub: user.id, sid: sessionId };
  });
  afterAll(() => t.close());

  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const me = (token: string) => request(t.app).get('/api/v1/auth/me').set(bearer(token));
  const valid = { iss: 'medianest', aud: 'medianest-api' };

  it('accepts the genuine token (control)', async () => {
    await me(good).expect(200);
  });

  it('refuses alg "none"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, ...valid, iat: now, exp: now + 600 })}.`;
    const res = await me(token).expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses another algorithm even with the right secret (HS512)', async () => {
    const token = jwt.sign({ sid: claims.sid }, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS512', subject: claims.sub, issuer: valid.iss, audience: valid.aud, expiresIn: 600 });
    await me(token).expect(401);
  });

  it('refuses a token signed with another key', async () => {
    const token = jwt.sign({ sid: claims.sid }, 'some-other-secret-that-is-long-enough!!', { algorithm: 'HS256', subject: claims.sub, issuer: valid.iss, audience: valid.aud, expiresIn: 600 });
    await me(token).expect(401);
  });

  it('refuses an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const token = jwt.sign({ sid: claims.sid, iat: past, exp: past + 900 }, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS256', subject: claims.sub, issuer: valid.iss, audience: valid.aud });
    await me(token).expect(401);
  });

  it('refuses a wrong issuer or audience', async () => {
    const sign = (issuer: string, audience: string) =>
      jwt.sign({ sid: claims.sid }, TEST_SECRETS.JWT_SECRET, { algorithm: 'HS256', subject: claims.sub, issuer, audience, expiresIn: 600 });
    await me(sign('someone-else', valid.aud)).expect(401);
    await me(sign(valid.iss, 'another-api')).expect(401);
  });

  it('refuses a tampered payload', async () => {
    const other = await t.createUser({ role: 'admin' });
    const [header, , signature] = good.split('.');
    const payload = JSON.parse(Buffer.from(good.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${b64({ ...payload, sub: other.id })}.${signature}`;
    await me(tampered).expect(401);
    await request(t.app).get('/api/v1/admin/users').set(bearer(tampered)).expect(401);
  });

  it('refuses a token of a revoked session', async () => {
    const user = await t.createUser();
    const { token, sessionId } = await t.tokenFor(user);
    await me(token).expect(200);
    await t.container.db.prisma.session.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
    await me(token).expect(401);
  });
});
