import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, pollPin, refreshCookieOf, signInWithPlex, startPin, startPlexSignInApp, type PlexSignInApp } from './accounts-support';

describe('sign-in with Plex (PIN flow)', () => {
  let app: PlexSignInApp;
  beforeAll(async () => {
    app = await startPlexSignInApp();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    app.plextv.clearOverrides();
    await app.plextv.setMode('up');
  });

  it('creates a strong PIN at plex.tv and hands back the auth app URL', async () => {
    const pin = await startPin(app.t);
    const created = app.plextv.lastPin!;
    expect(pin).toMatchObject({ pinId: created.id, code: created.code, pinToken: expect.any(String) });
    expect(created.strong).toBe(true);
    expect(pin.code).toHaveLength(25);
    expect(new Date(pin.expiresAt).getTime()).toBe(created.expiresAtMs);
    expect(pin.authUrl).toBe(
      `https://app.plex.tv/auth#?clientID=${encodeURIComponent(created.clientIdentifier)}&code=${created.code}&context%5Bdevice%5D%5Bproduct%5D=MediaNest`,
    );
    const sent = app.plextv.requests.at(-1)!;
    expect(sent.headers['x-plex-product']).toBe('MediaNest');
    expect(sent.headers.accept).toContain('application/json');
  });

  it('generates the client identifier once and keeps it in the settings table', async () => {
    await startPin(app.t);
    await startPin(app.t);
    const ids = app.plextv.requests.filter((r) => r.path === '/api/v2/pins').map((r) => r.headers['x-plex-client-identifier']);
    expect(new Set(ids).size).toBe(1);
    const row = await app.t.container.db.prisma.setting.findUnique({ where: { key: 'plex.clientId' } });
    expect(row?.value).toBe(ids[0]);
  });

  it('accepts POST as well as GET to start', async () => {
    const res = await request(app.t.app).post('/api/v1/auth/plex/login').expect(200);
    expect(res.body.pinId).toBe(app.plextv.lastPin!.id);
  });

  it('answers 202 pending until the user approves the PIN', async () => {
    const pin = await startPin(app.t);
    const res = await pollPin(app.t, pin).expect(202);
    expect(res.body).toEqual({ status: 'pending' });
    expect(refreshCookieOf(res)).toBeUndefined();
  });

  it('signs in the server owner as admin, with a refresh cookie and the Plex token stored encrypted', async () => {
    const res = await signInWithPlex(app, app.owner);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'owner', email: 'owner@example.com', role: 'admin', status: 'active', plexLinked: true, mustChangePassword: false });
    expect(res.body.user.avatarUrl).toBe(app.owner.thumb);
    expect(typeof res.body.accessToken).toBe('string');
    expect(refreshCookieOf(res)).toBeTruthy();
    expect(JSON.stringify(res.body)).not.toContain(app.owner.token);

    const row = await app.t.container.db.prisma.user.findUniqueOrThrow({ where: { plexId: String(app.owner.id) } });
    expect(row.plexTokenEnc).toBeTruthy();
    expect(row.plexTokenEnc).not.toBe(app.owner.token);
    expect(row.plexTokenEnc).not.toContain(app.owner.token);
    expect(app.t.container.encryptor.decrypt(row.plexTokenEnc!)).toBe(app.owner.token);

    const me = await request(app.t.app).get('/api/v1/auth/me').set(bearer(res.body.accessToken)).expect(200);
    expect(me.body.user.id).toBe(row.id);
  });

  it('signs in an account the server is shared with as a user', async () => {
    const res = await signInWithPlex(app, app.friend);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ username: 'friend', role: 'user' });
  });

  it('refuses an account without access to the configured server with 403 PLEX_ACCESS_DENIED', async () => {
    const res = await signInWithPlex(app, app.stranger);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('PLEX_ACCESS_DENIED');
    expect(await app.t.container.db.prisma.user.count({ where: { plexId: String(app.stranger.id) } })).toBe(0);
    const audit = await app.t.container.db.prisma.auditLog.findFirst({ where: { action: 'auth.plex_access_denied' } });
    expect(audit?.details).toMatchObject({ plexUsername: 'stranger' });
  });

  it('updates username, email and avatar on a later sign-in instead of creating another user', async () => {
    const first = await signInWithPlex(app, app.friend);
    expect(first.status).toBe(200);
    app.plextv.addAccount({ ...app.friend, username: 'friend-renamed', email: 'new@example.com', thumb: 'https://plex.tv/users/friend-uuid/avatar?c=2' });
    const again = await signInWithPlex(app, app.friend);
    expect(again.status).toBe(200);
    expect(again.body.user).toMatchObject({ id: first.body.user.id, username: 'friend-renamed', email: 'new@example.com', avatarUrl: 'https://plex.tv/users/friend-uuid/avatar?c=2' });
    expect(await app.t.container.db.prisma.user.count({ where: { plexId: String(app.friend.id) } })).toBe(1);
    app.plextv.addAccount(app.friend);
  });

  it('records every Plex sign-in in the audit log', async () => {
    const res = await signInWithPlex(app, app.friend);
    const entries = await app.t.container.db.prisma.auditLog.findMany({ where: { action: 'auth.login', actorId: res.body.user.id } });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.at(-1)?.details).toMatchObject({ method: 'plex' });
  });

  it('completes a PIN only once (410 afterwards)', async () => {
    const pin = await startPin(app.t);
    app.plextv.approvePin(pin.pinId, app.friend.token);
    await pollPin(app.t, pin).expect(200);
    const again = await pollPin(app.t, pin).expect(410);
    expect(again.body.error.code).toBe('PIN_EXPIRED');
  });

  it('answers 404 when the pinToken does not belong to the PIN (PIN ids are guessable)', async () => {
    const mine = await startPin(app.t);
    const theirs = await startPin(app.t);
    app.plextv.approvePin(theirs.pinId, app.owner.token);
    await pollPin(app.t, { pinId: theirs.pinId, pinToken: mine.pinToken }).expect(404);
    await pollPin(app.t, { pinId: theirs.pinId, pinToken: 'x'.repeat(43) }).expect(404);
  });

  it('answers 410 PIN_EXPIRED when plex.tv no longer knows the PIN', async () => {
    const pin = await startPin(app.t);
    app.plextv.expirePin(pin.pinId);
    const res = await pollPin(app.t, pin).expect(410);
    expect(res.body.error.code).toBe('PIN_EXPIRED');
  });

  it('answers 503 SERVICE_UNAVAILABLE when plex.tv is down or unreachable', async () => {
    await app.plextv.setMode('down');
    const down = await request(app.t.app).get('/api/v1/auth/plex/login').expect(503);
    expect(down.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex' });

    await app.plextv.setMode('up');
    const pin = await startPin(app.t);
    await app.plextv.setMode('refuse');
    const refused = await pollPin(app.t, pin).expect(503);
    expect(refused.body.error.code).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers 503 when plex.tv hangs past the deadline', async () => {
    app.t.container.accounts.plexTv.timeoutMs = 300;
    await app.plextv.setMode('hang');
    const res = await request(app.t.app).get('/api/v1/auth/plex/login').expect(503);
    expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
    app.t.container.accounts.plexTv.timeoutMs = 8000;
  });

  it('answers 503 naming plex when the Plex server cannot tell its identity', async () => {
    await app.t.container.cached.invalidate('plex:');
    await app.pms.setMode('down');
    try {
      const res = await signInWithPlex(app, app.friend);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex' });
    } finally {
      await app.pms.setMode('up');
    }
  });

  it('refuses a suspended account with 401 ACCOUNT_SUSPENDED', async () => {
    await app.t.container.db.prisma.user.updateMany({ where: { plexId: String(app.friend.id) }, data: { status: 'suspended' } });
    const res = await signInWithPlex(app, app.friend);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('ACCOUNT_SUSPENDED');
    await app.t.container.db.prisma.user.updateMany({ where: { plexId: String(app.friend.id) }, data: { status: 'active' } });
  });

  it('never writes the Plex token to the logs', async () => {
    await signInWithPlex(app, app.owner);
    expect(app.t.logs.text()).not.toContain(app.owner.token);
    expect(app.t.logs.text()).not.toContain(app.friend.token);
  });
});

describe('linking a Plex account to a signed-in user', () => {
  let app: PlexSignInApp;
  beforeAll(async () => {
    app = await startPlexSignInApp();
  });
  afterAll(() => app.close());

  it('links the owner account to the bootstrap admin, who can then sign in with Plex', async () => {
    const admin = await app.t.createUser({ username: 'admin', role: 'admin', password: 'a-strong-password-1' });
    const { token } = await app.t.tokenFor(admin);
    const pin = await startPin(app.t);
    const link = () => request(app.t.app).post('/api/v1/auth/plex/link').set(bearer(token)).send({ pinId: pin.pinId, pinToken: pin.pinToken });
    await link().expect(202);
    app.plextv.approvePin(pin.pinId, app.owner.token);
    const res = await link().expect(200);
    expect(res.body.user).toMatchObject({ id: admin.id, username: 'admin', plexLinked: true, role: 'admin' });

    const signIn = await signInWithPlex(app, app.owner);
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.id).toBe(admin.id);
  });

  it('answers 409 when the Plex account already belongs to another user', async () => {
    const first = await signInWithPlex(app, app.friend);
    expect(first.status).toBe(200);
    const other = await app.t.createUser();
    const { token } = await app.t.tokenFor(other);
    const pin = await startPin(app.t);
    app.plextv.approvePin(pin.pinId, app.friend.token);
    await request(app.t.app).post('/api/v1/auth/plex/link').set(bearer(token)).send({ pinId: pin.pinId, pinToken: pin.pinToken }).expect(409);
  });

  it('needs a signed-in user', async () => {
    const pin = await startPin(app.t);
    await request(app.t.app).post('/api/v1/auth/plex/link').send({ pinId: pin.pinId, pinToken: pin.pinToken }).expect(401);
  });
});

describe('sign-in with Plex without a Plex server', () => {
  it('answers 503 NOT_CONFIGURED, then works once an admin sets the server URL', async () => {
    const app = await startPlexSignInApp({ serverInEnv: false });
    try {
      const res = await request(app.t.app).get('/api/v1/auth/plex/login').expect(503);
      expect(res.body.error.code).toBe('NOT_CONFIGURED');
      const admin = await app.t.createUser({ role: 'admin' });
      const { token } = await app.t.tokenFor(admin);
      await request(app.t.app).put('/api/v1/admin/settings').set(bearer(token)).send({ plex: { serverUrl: app.pms.url } }).expect(200);
      const signIn = await signInWithPlex(app, app.friend);
      expect(signIn.status).toBe(200);
      expect(signIn.body.user.role).toBe('user');
    } finally {
      await app.close();
    }
  });

  it('uses PLEX_CLIENT_ID when it is configured', async () => {
    const app = await startPlexSignInApp({ env: { PLEX_CLIENT_ID: 'configured-client-id' } });
    try {
      const pin = await startPin(app.t);
      expect(app.plextv.lastPin!.clientIdentifier).toBe('configured-client-id');
      expect(pin.authUrl).toContain('clientID=configured-client-id&');
    } finally {
      await app.close();
    }
  });
});


describe('rate limit of the PIN routes', () => {
  let app: PlexSignInApp;
  beforeAll(async () => {
    app = await startPlexSignInApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '3' } });
  });
  afterAll(() => app.close());

  it('does not count polls that are still pending, but counts PIN creation and completed or refused polls', async () => {
    const pin = await startPin(app.t);
    for (let i = 0; i < 6; i++) await pollPin(app.t, pin).expect(202);
    await pollPin(app.t, { pinId: pin.pinId, pinToken: 'y'.repeat(43) }).expect(404);
    await startPin(app.t);
    const limited = await request(app.t.app).get('/api/v1/auth/plex/login').expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });
});
