import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../support/test-app';
import { bearer, createInvite, startInvitesApp, type InvitesApp } from './invites-support';

describe('invitations: creating, listing, revoking and the public invite page', () => {
  let app: InvitesApp;
  beforeAll(async () => {
    app = await startInvitesApp();
  });
  afterAll(() => app.close());

  it('creates an invite with a short code and a link, storing only a hash and an encrypted copy of the code', async () => {
    const res = await request(app.t.app).post('/api/v1/admin/invites').set(bearer(app.adminToken))
      .send({ libraryIds: ['1', '2'], role: 'user', linkExpiresInDays: 3, maxUses: 2, accessDays: 30, allowSync: true, note: 'For the family' })
      .expect(201);
    expect(res.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(res.body.url).toBe(`https://media.example.org/invite/${res.body.code}`);
    expect(res.body).toMatchObject({ status: 'active', libraryIds: ['1', '2'], allLibraries: false, role: 'user', maxUses: 2, uses: 0, accessDays: 30, allowSync: true, note: 'For the family', createdBy: 'admin' });
    const row = await app.t.container.db.prisma.invite.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(JSON.stringify(row)).not.toContain(res.body.code);
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await app.t.container.db.prisma.auditLog.findFirst({ where: { action: 'invite.created', targetId: res.body.id } });
    expect(audit?.actorId).toBe(app.admin.id);
  });

  it('refuses a library the Plex server does not have (400) and creates nothing', async () => {
    const before = await app.t.container.db.prisma.invite.count();
    const res = await request(app.t.app).post('/api/v1/admin/invites').set(bearer(app.adminToken)).send({ libraryIds: ['99'] }).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(await app.t.container.db.prisma.invite.count()).toBe(before);
  });

  it('is for admins only', async () => {
    const user = await app.t.createUser();
    const { token } = await app.t.tokenFor(user);
    await request(app.t.app).post('/api/v1/admin/invites').set(bearer(token)).send({}).expect(403);
    await request(app.t.app).get('/api/v1/admin/invites').set(bearer(token)).expect(403);
  });

  it('lists invites newest first with their uses, and the link can be copied again', async () => {
    const invite = await createInvite(app, { maxUses: null });
    const res = await request(app.t.app).get('/api/v1/admin/invites').set(bearer(app.adminToken)).expect(200);
    expect(res.body.items[0]).toMatchObject({ id: invite.id, code: invite.code, url: invite.url, uses: 0, maxUses: null, status: 'active' });
    expect(res.body.total).toBeGreaterThanOrEqual(1);
  });

  it('shows the invitee who invites them, what they get and until when, whatever the code case or dashes', async () => {
    const invite = await createInvite(app, { libraryIds: ['2'], accessDays: 10, note: 'Welcome!' });
    const typed = invite.code.replace(/-/g, '').toLowerCase();
    const res = await request(app.t.app).get(`/api/v1/invites/${typed}`).expect(200);
    expect(res.body).toMatchObject({
      invitedBy: { username: 'admin' }, allLibraries: false, libraries: [{ id: '2', title: 'TV Shows', type: 'show' }], role: 'user', note: 'Welcome!', accessDays: 10,
    });
    const until = Date.parse(res.body.accessUntil) - Date.now();
    expect(until).toBeGreaterThan(9.9 * 86_400_000);
    expect(until).toBeLessThanOrEqual(10 * 86_400_000);
  });

  it('answers 404 for an unknown code and 410 for a revoked one', async () => {
    const unknown = await request(app.t.app).get('/api/v1/invites/AAAA-BBBB-CCCC').expect(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', requestId: expect.any(String) });
    await request(app.t.app).get('/api/v1/invites/not-a-code').expect(404);
    const invite = await createInvite(app);
    await request(app.t.app).delete(`/api/v1/admin/invites/${invite.id}`).set(bearer(app.adminToken)).expect(204);
    const gone = await request(app.t.app).get(`/api/v1/invites/${invite.code}`).expect(410);
    expect(gone.body.error.code).toBe('INVITE_REVOKED');
    const list = await request(app.t.app).get('/api/v1/admin/invites').set(bearer(app.adminToken)).expect(200);
    expect(list.body.items.find((i: { id: string }) => i.id === invite.id).status).toBe('revoked');
    await request(app.t.app).delete('/api/v1/admin/invites/00000000-0000-4000-8000-000000000000').set(bearer(app.adminToken)).expect(404);
  });

  it('answers 410 INVITE_EXPIRED once the link has expired, and INVITE_USED_UP once used up', async () => {
    const invite = await createInvite(app, { linkExpiresInDays: 1 });
    await app.t.container.db.prisma.invite.update({ where: { id: invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await request(app.t.app).get(`/api/v1/invites/${invite.code}`).expect(410)).body.error.code).toBe('INVITE_EXPIRED');
    const used = await createInvite(app, { maxUses: 1 });
    await app.t.container.db.prisma.invite.update({ where: { id: used.id }, data: { uses: 1 } });
    expect((await request(app.t.app).get(`/api/v1/invites/${used.code}`).expect(410)).body.error.code).toBe('INVITE_USED_UP');
  });
});

describe('the public invite page is rate limited per IP', () => {
  it('answers 429 with Retry-After past the sign-in budget', async () => {
    const t = await buildTestApp({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '3' } });
    try {
      for (let i = 0; i < 3; i++) await request(t.app).get('/api/v1/invites/AAAA-BBBB-CCCC').expect(404);
      const res = await request(t.app).get('/api/v1/invites/AAAA-BBBB-CCCC').expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
