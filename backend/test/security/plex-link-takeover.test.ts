import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signInWithPlex, startPin, startPlexSignInApp, type PlexSignInApp } from '../auth/accounts-support';

/**
 * Issue 15 item 7: linking cannot take over. A Plex account can be linked only
 * to a user who has none; a linked account is never replaced by linking
 * another, and a Plex account linked to someone else stays theirs.
 */
describe('linking a Plex account cannot take over or replace one', () => {
  let app: PlexSignInApp;
  beforeAll(async () => {
    app = await startPlexSignInApp();
  });
  afterAll(() => app.close());

  const linkWith = async (token: string, plexToken: string) => {
    const pin = await startPin(app.t);
    app.plextv.approvePin(pin.pinId, plexToken);
    return request(app.t.app).post('/api/v1/auth/plex/link').set(bearer(token)).send({ pinId: pin.pinId, pinToken: pin.pinToken });
  };
  // A second Plex account with access to the server (shared), as an attacker's own would be.
  const shared = (id: number, name: string) => {
    const account = app.plextv.addAccount({ id, uuid: `${name}-uuid`, username: name, email: `${name}@example.com`, token: `${name}-plex-token-${id}` });
    app.plextv.shareServer(account.token, app.pms.machineIdentifier, { owned: false, ownerToken: app.owner.token, uri: app.pms.url });
    return account;
  };
  const row = (id: string) => app.t.container.db.prisma.user.findUniqueOrThrow({ where: { id } });

  it('answers 409 to a user already linked to another Plex account, and keeps the first link', async () => {
    const admin = await app.t.createUser({ username: 'linked-admin', role: 'admin', password: 'a-strong-password-1' });
    const { token } = await app.t.tokenFor(admin);
    expect((await linkWith(token, app.owner.token)).status).toBe(200);
    const before = await row(admin.id);
    expect(before.plexId).toBe(String(app.owner.id));

    const attacker = shared(4001, 'attacker');
    const res = await linkWith(token, attacker.token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(await row(admin.id)).toMatchObject({ plexId: before.plexId, plexUsername: before.plexUsername, plexTokenEnc: before.plexTokenEnc });
    // Whoever holds the other Plex account signs in as a new user of their own, never as the admin.
    const signIn = await signInWithPlex(app, attacker);
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.id).not.toBe(admin.id);
    expect(await app.t.container.db.prisma.auditLog.count({ where: { action: 'auth.plex_link_refused', targetId: admin.id } })).toBe(1);
  });

  it('relinking the same Plex account is harmless', async () => {
    const admin = await app.t.container.db.prisma.user.findUniqueOrThrow({ where: { username: 'linked-admin' } });
    const { token } = await app.t.tokenFor(admin);
    expect((await linkWith(token, app.owner.token)).status).toBe(200);
    expect((await row(admin.id)).plexId).toBe(String(app.owner.id));
  });

  it("answers 409 to linking someone else's Plex account, which stays theirs", async () => {
    const friend = await signInWithPlex(app, app.friend);
    expect(friend.status).toBe(200);
    const thief = await app.t.createUser({ username: 'thief', password: 'thief-password-0123' });
    const { token } = await app.t.tokenFor(thief);
    expect((await linkWith(token, app.friend.token)).status).toBe(409);
    expect((await row(thief.id)).plexId).toBeNull();
    expect((await signInWithPlex(app, app.friend)).body.user.id).toBe(friend.body.user.id);
  });

  it('lets only one of two links racing for the same user win', async () => {
    const user = await app.t.createUser({ username: 'racer', password: 'racer-password-0123' });
    const { token } = await app.t.tokenFor(user);
    const accounts = [shared(4101, 'racer-a'), shared(4102, 'racer-b')];
    const pins = await Promise.all(accounts.map(async (a) => {
      const pin = await startPin(app.t);
      app.plextv.approvePin(pin.pinId, a.token);
      return pin;
    }));
    const answers = await Promise.all(
      pins.map((pin) => request(app.t.app).post('/api/v1/auth/plex/link').set(bearer(token)).send({ pinId: pin.pinId, pinToken: pin.pinToken })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const linked = await row(user.id);
    expect(['4101', '4102']).toContain(linked.plexId);
    // The loser's Plex account was not attached anywhere.
    const loser = linked.plexId === '4101' ? '4102' : '4101';
    expect(await app.t.container.db.prisma.user.count({ where: { plexId: loser } })).toBe(0);
  });
});
