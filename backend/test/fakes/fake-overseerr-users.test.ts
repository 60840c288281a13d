import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './call';
import { FakeOverseerr, Permission } from './index';

describe('FakeOverseerr: import-from-plex and quotas (UPSTREAMS G6, G7)', () => {
  const overseerr = new FakeOverseerr();
  let base = '';
  const headers = (user?: number) => ({ 'X-Api-Key': overseerr.apiKey, 'content-type': 'application/json', ...(user ? { 'X-API-User': String(user) } : {}) });
  const importUsers = (body: unknown, user?: number) =>
    call(`${base}/api/v1/user/import-from-plex`, { method: 'POST', headers: headers(user), body: JSON.stringify(body) });

  beforeAll(async () => {
    base = await overseerr.start();
    overseerr.addUser({ id: 2, email: 'bob@example.com', plexId: 2002, plexUsername: 'bob', permissions: Permission.REQUEST, movieQuotaLimit: 2 });
    overseerr.addUser({ id: 3, email: 'local@example.com', username: 'local', permissions: Permission.REQUEST });
    overseerr.plexImport.addFriend({ id: '4004', username: 'dora', email: 'dora@example.com', hasServerAccess: true });
    overseerr.plexImport.addFriend({ id: '5005', username: 'eli', email: 'eli@example.com', hasServerAccess: false });
    overseerr.plexImport.addFriend({ id: '6006', username: 'kid', email: null, hasServerAccess: true });
    overseerr.plexImport.addFriend({ id: '7007', username: 'localplex', email: 'LOCAL@example.com', hasServerAccess: true });
  });
  afterAll(() => overseerr.stop());

  it('needs MANAGE_USERS: 403 {status, error} otherwise', async () => {
    const res = await importUsers({ plexIds: ['4004'] }, 2);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ status: 403, error: 'You do not have permission to access this endpoint' });
  });

  it('matches ids as strings only: numbers import nobody', async () => {
    const res = await importUsers({ plexIds: [4004] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual([]);
  });

  it('creates only listed users with access to the server, with the default permissions, answering without plexId and email', async () => {
    const res = await importUsers({ plexIds: ['4004', '5005', '6006'] });
    expect(res.status).toBe(201);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ plexUsername: 'dora', userType: 1, permissions: Permission.REQUEST });
    expect(res.body[0]).not.toHaveProperty('plexId');
    expect(res.body[0]).not.toHaveProperty('email');
    expect([...overseerr.users.values()].map((u) => u.plexId)).not.toContain(5005);
    expect([...overseerr.users.values()].map((u) => u.plexId)).not.toContain(6006);
  });

  it('updates an existing user matched by email (LOCAL becomes PLEX) without returning them', async () => {
    const res = await importUsers({ plexIds: ['7007'] });
    expect(res.body).toEqual([]);
    expect(overseerr.users.get(3)).toMatchObject({ plexId: 7007, plexUsername: 'localplex', userType: 1 });
  });

  it('answers 500 with the error text when plex.tv cannot be reached', async () => {
    overseerr.plexImport.plexTvFails = true;
    const res = await importUsers({ plexIds: ['4004'] });
    overseerr.plexImport.plexTvFails = false;
    expect(res.status).toBe(500);
    expect(res.body.message).toContain('plex.tv');
  });

  it('reports quotas: own or, with MANAGE_USERS and MANAGE_REQUESTS, anyone\u2019s; no remaining without a limit', async () => {
    const own = await call(`${base}/api/v1/user/2/quota`, { headers: headers(2) });
    expect(own.body).toEqual({ movie: { days: 7, limit: 2, used: 0, remaining: 2, restricted: false }, tv: { days: 7, limit: 0, used: 0, restricted: false } });
    const other = await call(`${base}/api/v1/user/3/quota`, { headers: headers(2) });
    expect(other.status).toBe(403);
    expect((await call(`${base}/api/v1/user/2/quota`, { headers: headers() })).status).toBe(200);
  });
});
