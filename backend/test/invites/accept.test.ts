import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json } from '../fakes';
import { legacyError } from '../fakes/plextv-sharing';
import { accept, approvedPin, bearer, createInvite, startInvitesApp, type InvitesApp } from './invites-support';

describe('accepting an invitation', () => {
  let app: InvitesApp;
  beforeAll(async () => {
    app = await startInvitesApp();
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    app.plextv.clearOverrides();
    await app.plextv.setMode('up');
  });

  const prisma = () => app.t.container.db.prisma;

  it('shares the chosen libraries on plex.tv, accepts for the invitee, creates the account and signs them in with a welcome', async () => {
    const invite = await createInvite(app, { libraryIds: ['1', '2'], accessDays: 30, allowSync: true });
    const alice = app.newAccount('alice');
    const pin = await approvedPin(app, alice);
    app.plextv.clearRequests();
    const res = await accept(app, invite.code, pin).expect(200);

    expect(res.body.user).toMatchObject({ username: 'alice', role: 'user', status: 'active', plexLinked: true });
    expect(typeof res.body.accessToken).toBe('string');
    expect(String(res.headers['set-cookie'])).toContain('mn_refresh=');
    const days = (Date.parse(res.body.accessExpiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    // plex.tv: an accepted share of exactly Movies and TV Shows, with sync allowed.
    const share = app.sharing.shareOf(app.pms.machineIdentifier, alice.id)!;
    expect(share.pending).toBe(false);
    expect(share.allowSync).toBe(true);
    expect(app.sharing.sectionKeysOf(app.pms.machineIdentifier, share)).toEqual(['1', '2']);
    // The share call used plex.tv section ids, not PMS keys, and the owner's token; the accept used Alice's.
    const shareCall = app.plextv.requests.find((r) => r.method === 'POST' && r.path.endsWith('/shared_servers'))!;
    expect(shareCall.headers['x-plex-token']).toBe(app.owner.token);
    expect((shareCall.body as { shared_server: { library_section_ids: number[] } }).shared_server.library_section_ids).toEqual(share.sectionIds);
    expect(share.sectionIds).not.toContain(1);
    const acceptCall = app.plextv.requests.find((r) => r.path.endsWith('/accept'))!;
    expect(acceptCall.headers['x-plex-token']).toBe(alice.token);

    // What Plex now shares with Alice is what MediaNest shows her: the two invited libraries, nothing else.
    const libraries = await request(app.t.app).get('/api/v1/plex/libraries').set(bearer(res.body.accessToken)).expect(200);
    expect(libraries.body.items.map((l: { id: string }) => l.id).sort()).toEqual(['1', '2']);
    const others = (await app.t.container.plex.serverLibraries()).filter((l) => !['1', '2'].includes(l.id));
    expect(others.length).toBeGreaterThan(0);
    await request(app.t.app).get(`/api/v1/plex/libraries/${others[0]!.id}/items`).set(bearer(res.body.accessToken)).expect(404);

    const member = await request(app.t.app).get('/api/v1/membership').set(bearer(res.body.accessToken)).expect(200);
    expect(member.body.membership).toMatchObject({ libraryIds: ['1', '2'], allLibraries: false, allowSync: true, expiresAt: res.body.accessExpiresAt, endedAt: null });
    const notes = await request(app.t.app).get('/api/v1/notifications').set(bearer(res.body.accessToken)).expect(200);
    expect(notes.body.items[0]).toMatchObject({ type: 'invite.welcome', title: 'Welcome to MediaNest' });
    const row = await prisma().invite.findUniqueOrThrow({ where: { id: invite.id } });
    expect(row.uses).toBe(1);
    expect(await prisma().auditLog.count({ where: { action: 'invite.accepted', targetId: invite.id } })).toBe(1);

    // Later, the ordinary Plex sign-in admits Alice: plex.tv now lists the server for her.
    const later = await approvedPin(app, alice);
    const signIn = await request(app.t.app).post('/api/v1/auth/plex/callback').send(later).expect(200);
    expect(signIn.body.user.id).toBe(res.body.user.id);
  });

  it('answers 202 while the PIN is not approved yet, without taking a use', async () => {
    const invite = await createInvite(app);
    const started = await request(app.t.app).get('/api/v1/auth/plex/login').expect(200);
    const res = await accept(app, invite.code, { pinId: started.body.pinId, pinToken: started.body.pinToken }).expect(202);
    expect(res.body).toEqual({ status: 'pending' });
    expect((await prisma().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(0);
  });

  it('updates the existing share of someone already sharing (plex.tv 400 "already sharing") instead of failing', async () => {
    const bob = app.newAccount('bob');
    app.sharing.share(app.pms.machineIdentifier, bob, { sectionKeys: ['3'] });
    const invite = await createInvite(app, { libraryIds: ['1'] });
    const res = await accept(app, invite.code, await approvedPin(app, bob)).expect(200);
    expect(res.body.user.username).toBe('bob');
    const share = app.sharing.shareOf(app.pms.machineIdentifier, bob.id)!;
    expect(app.sharing.sectionKeysOf(app.pms.machineIdentifier, share)).toEqual(['1']);
    const refused = app.plextv.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/shared_servers'));
    expect(refused.length).toBeGreaterThan(0);
    expect(app.plextv.requests.some((r) => r.method === 'POST' && r.path === `/api/v2/shared_servers/${share.id}`)).toBe(true);
  });

  it('tells the owner they own the server (409) and changes nothing', async () => {
    const invite = await createInvite(app);
    const res = await accept(app, invite.code, await approvedPin(app, app.owner)).expect(409);
    expect(res.body.error.message).toMatch(/owns the server/);
    expect((await prisma().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(0);
  });

  it('tells an existing member they are already in (409) and changes nothing', async () => {
    const carol = app.newAccount('carol');
    await accept(app, (await createInvite(app)).code, await approvedPin(app, carol)).expect(200);
    const second = await createInvite(app, { libraryIds: ['3'] });
    const before = app.sharing.shareOf(app.pms.machineIdentifier, carol.id)!.sectionIds.slice();
    const res = await accept(app, second.code, await approvedPin(app, carol)).expect(409);
    expect(res.body.error.message).toMatch(/already a member/);
    expect(app.sharing.shareOf(app.pms.machineIdentifier, carol.id)!.sectionIds).toEqual(before);
    expect((await prisma().invite.findUniqueOrThrow({ where: { id: second.id } })).uses).toBe(0);
  });

  it('refuses a used-up invite with 410 and a revoked one with 410, before any plex.tv share', async () => {
    const invite = await createInvite(app, { maxUses: 1 });
    await accept(app, invite.code, await approvedPin(app, app.newAccount('dave'))).expect(200);
    const erin = app.newAccount('erin');
    const res = await accept(app, invite.code, await approvedPin(app, erin)).expect(410);
    expect(res.body.error.code).toBe('INVITE_USED_UP');
    expect(app.sharing.shareOf(app.pms.machineIdentifier, erin.id)).toBeUndefined();
    const revoked = await createInvite(app);
    await request(app.t.app).delete(`/api/v1/admin/invites/${revoked.id}`).set(bearer(app.adminToken)).expect(204);
    expect((await accept(app, revoked.code, await approvedPin(app, erin)).expect(410)).body.error.code).toBe('INVITE_REVOKED');
    await accept(app, 'ZZZZ-ZZZZ-ZZZZ', await approvedPin(app, erin)).expect(404);
  });

  describe('plex.tv failing mid-way leaves nothing half done, and trying again works', () => {
    const cases = [
      { name: 'the share call fails with 500', path: /\/shared_servers$/, respond: () => legacyError(500, 'Internal Server Error'), step: 'share the server', reason: 'unreachable' },
      { name: "the owner's token is refused (401)", path: /^\/api\/servers\/[^/]+$/, respond: () => legacyError(401, 'Unauthorized'), step: "read the server's libraries", reason: 'token_rejected' },
      { name: 'the pending invite list is 404', path: '/api/v2/shared_servers/invites/received/pending', respond: () => json(404, { errors: [{ code: 1002, message: 'Not Found', status: 404 }] }), step: 'accept the invitation for you', reason: 'not_found' },
      { name: 'accepting fails with 503', path: /\/accept$/, respond: () => json(503, { errors: [{ code: 1003, message: 'Unavailable', status: 503 }] }), step: 'accept the invitation for you', reason: 'unreachable' },
    ];
    for (const c of cases) {
      it(`when ${c.name}`, async () => {
        const invite = await createInvite(app, { maxUses: 1, libraryIds: ['1'] });
        const who = app.newAccount(`retry${cases.indexOf(c)}`);
        const pin = await approvedPin(app, who);
        app.plextv.override(c.path, c.respond, { once: true });
        const res = await accept(app, invite.code, pin).expect(503);
        expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex' });
        expect(res.body.error.message).toContain(c.step);
        expect(res.body.error.message).not.toMatch(/token-|Error:|\n\s+at /);
        // No account, use given back, no share left behind, audited for the admin.
        expect(await prisma().user.count({ where: { plexId: String(who.id) } })).toBe(0);
        expect((await prisma().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(0);
        expect(app.sharing.shareOf(app.pms.machineIdentifier, who.id)).toBeUndefined();
        const audit = await prisma().auditLog.findFirstOrThrow({ where: { action: 'invite.accept_failed', targetId: invite.id } });
        expect(audit.details).toMatchObject({ plexUsername: who.username, step: c.step, reason: c.reason });
        const log = await request(app.t.app).get('/api/v1/admin/audit-log').set(bearer(app.adminToken)).expect(200);
        expect(log.body.items.some((e: { action: string; targetId: string }) => e.action === 'invite.accept_failed' && e.targetId === invite.id)).toBe(true);

        // The same PIN retries, and this time it works.
        const retry = await accept(app, invite.code, pin).expect(200);
        expect(retry.body.user.username).toBe(who.username);
        expect(app.sharing.shareOf(app.pms.machineIdentifier, who.id)?.pending).toBe(false);
        expect((await prisma().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
      });
    }

    it('when plex.tv cannot be reached at all', async () => {
      const invite = await createInvite(app);
      const who = app.newAccount('offline');
      const pin = await approvedPin(app, who);
      await app.plextv.setMode('down');
      const res = await accept(app, invite.code, pin);
      expect(res.status).toBe(503);
      expect(res.body.error.service).toBe('plex');
      await app.plextv.setMode('up');
      expect(await prisma().user.count({ where: { plexId: String(who.id) } })).toBe(0);
      expect((await prisma().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(0);
      await accept(app, invite.code, pin).expect(200);
    });
  });

  it('lets only one of two people take the last use at the same moment', async () => {
    const invite = await createInvite(app, { maxUses: 1 });
    const [p1, p2] = [await approvedPin(app, app.newAccount('race1')), await approvedPin(app, app.newAccount('race2'))];
    const results = await Promise.all([accept(app, invite.code, p1), accept(app, invite.code, p2)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 410]);
    expect((await prisma().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
  });

  it('gives one account when the same Plex account accepts twice at the same moment', async () => {
    const invite = await createInvite(app, { maxUses: 5 });
    const twin = app.newAccount('twin');
    const pins = [await approvedPin(app, twin), await approvedPin(app, twin)];
    const results = await Promise.all(pins.map((pin) => accept(app, invite.code, pin)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await prisma().user.count({ where: { plexId: String(twin.id) } })).toBe(1);
    expect((await prisma().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
  });

  it('documents the invitation routes in the OpenAPI document', async () => {
    const doc = await request(app.t.app).get('/api/docs/openapi.json').expect(200);
    for (const path of ['/api/v1/invites/{code}', '/api/v1/invites/{code}/accept', '/api/v1/admin/invites', '/api/v1/admin/users/{id}/access', '/api/v1/membership']) {
      expect(doc.body.paths[path], path).toBeDefined();
    }
    expect(doc.body.paths['/api/v1/admin/invites'].post.requestBody).toBeDefined();
  });

  it('completes a PIN once: the same PIN cannot join twice', async () => {
    const invite = await createInvite(app, { maxUses: 5 });
    const pin = await approvedPin(app, app.newAccount('frank'));
    await accept(app, invite.code, pin).expect(200);
    const again = await accept(app, invite.code, pin);
    expect([409, 410]).toContain(again.status);
    expect((await prisma().invite.findUniqueOrThrow({ where: { id: invite.id } })).uses).toBe(1);
  });
});
