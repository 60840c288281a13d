import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSharesApp, type SharesApp, type SignedIn } from './shares-support';

describe('admins see and refresh each user\'s Plex share', () => {
  let app: SharesApp;
  let owner: SignedIn;
  let alice: SignedIn;
  let carol: SignedIn;
  beforeAll(async () => {
    app = await startSharesApp();
    owner = await app.signIn('owner');
    alice = await app.signIn('alice');
    carol = await app.signIn('carol');
  });
  afterAll(() => app.close());

  const shareOf = async (userId: string) => {
    const list = await owner.get('/api/v1/admin/users?pageSize=100').expect(200);
    return (list.body.items as Array<{ id: string; plexShare: unknown }>).find((u) => u.id === userId)?.plexShare;
  };

  it('lists each user\'s shared libraries and restrictions', async () => {
    expect(await shareOf(alice.userId)).toMatchObject({ access: 'shared', allLibraries: false, libraries: [{ id: '1', title: 'Movies' }] });
    expect(await shareOf(carol.userId)).toMatchObject({ access: 'shared', allLibraries: true, restrictions: { movies: 'label=kids', television: '', music: '' } });
    expect(await shareOf(owner.userId)).toMatchObject({ access: 'owner', allLibraries: true });
    const local = await app.t.createUser({ username: 'local-account' });
    expect(await shareOf(local.id)).toMatchObject({ access: 'everything' });
    // Only admins.
    await alice.get('/api/v1/admin/users').expect(403);
  });

  it('refreshes one user\'s share from plex.tv on demand', async () => {
    app.plextv.setShare(app.accounts.owner.token, app.accounts.alice.token, app.pms.machineIdentifier, { sections: ['1', '3'] });
    const res = await request(app.t.app).post(`/api/v1/admin/users/${alice.userId}/plex-share/refresh`).set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(res.body).toMatchObject({ access: 'shared', libraries: [{ id: '1', title: 'Movies' }, { id: '3', title: 'Music' }] });
    // Effective at once for the user.
    const libs = (await alice.get('/api/v1/plex/libraries').expect(200)).body.items as Array<{ id: string }>;
    expect(libs.map((l) => l.id).sort()).toEqual(['1', '3']);
    const audit = await app.t.container.db.prisma.auditLog.findFirst({ where: { action: 'admin.plex_share_refreshed', targetId: alice.userId } });
    expect(audit?.actorId).toBe(owner.userId);
  });

  it('answers 404 for a user without Plex and 503 while plex.tv is down, keeping the last known share', async () => {
    const local = await app.t.createUser();
    const post = (id: string) => request(app.t.app).post(`/api/v1/admin/users/${id}/plex-share/refresh`).set('Authorization', `Bearer ${owner.token}`);
    await post(local.id).expect(404);
    await post('no-such-user').expect(404);
    await app.plextv.setMode('down');
    try {
      const res = await post(alice.userId).expect(503);
      expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex' });
      const libs = (await alice.get('/api/v1/plex/libraries').expect(200)).body.items as Array<{ id: string }>;
      expect(libs.map((l) => l.id).sort()).toEqual(['1', '3']);
    } finally {
      await app.plextv.setMode('up');
    }
  });

  it('maps section ids to keys through the server\'s section list when a share leaves keys out', async () => {
    // plex.tv answers the share without `key` attributes (F1: ids and keys are different numbers).
    app.plextv.override(/\/shared_servers$/, () => {
      const sections = app.plextv.setServerSections(app.pms.machineIdentifier, app.pms.library.sections.map((s) => ({ key: s.key, title: s.title, type: s.type })));
      const tv = sections.find((s) => s.key === '2')!;
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer size="1"><SharedServer id="1" userID="${app.accounts.alice.id}" username="alice" allLibraries="0" filterMovies="" filterTelevision=""><Section id="${tv.id}" title="TV Shows" type="show" shared="1"/></SharedServer></MediaContainer>`;
      return { status: 200, headers: { 'content-type': 'application/xml' }, body };
    });
    try {
      const res = await request(app.t.app).post(`/api/v1/admin/users/${alice.userId}/plex-share/refresh`).set('Authorization', `Bearer ${owner.token}`).expect(200);
      expect(res.body.libraries).toEqual([{ id: '2', title: 'TV Shows' }]);
      expect(app.plextv.requests.some((r) => r.path === `/api/servers/${app.pms.machineIdentifier}`)).toBe(true);
    } finally {
      app.plextv.clearOverrides();
    }
  });
});
