import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_ACCEPT, call } from './call';
import { FakePlexTv, FakePlexTvSharing, type PlexTvAccount } from './index';

const MID = '96f2fe7a78c9dc1f16a16bedbe90f98149be16b4';

describe('fake plex.tv sharing (UPSTREAMS F)', () => {
  const plextv = new FakePlexTv();
  const sharing = new FakePlexTvSharing(plextv);
  let base = '';
  let owner: PlexTvAccount;
  let bob: PlexTvAccount;
  const asOwner = (extra: Record<string, string> = {}) => ({ 'X-Plex-Token': owner.token, 'X-Plex-Client-Identifier': 'test', ...extra });
  const share = (body: unknown) =>
    call(`${base}/api/servers/${MID}/shared_servers`, { method: 'POST', headers: asOwner({ 'content-type': 'application/json', ...JSON_ACCEPT }), body: JSON.stringify(body) });

  beforeAll(async () => {
    base = await plextv.start();
    owner = plextv.addAccount({ id: 1, uuid: 'o', username: 'owner', email: 'owner@example.com', token: 'owner-token' });
    bob = plextv.addAccount({ id: 22526914, uuid: 'b', username: 'bob', email: 'bob@x.com', token: 'bob-token' });
    plextv.shareServer(owner.token, MID, { owned: true });
    sharing.addServer({ machineIdentifier: MID, ownerToken: owner.token, sections: [{ key: '1', type: 'movie', title: 'Movies' }, { key: '2', type: 'show', title: 'TV Shows' }] });
  });
  afterAll(() => plextv.stop());

  it('lists the sections with plex.tv ids that differ from the PMS keys, as XML even when JSON is asked for', async () => {
    const res = await call(`${base}/api/servers/${MID}`, { headers: asOwner(JSON_ACCEPT) });
    expect(res.type).toContain('xml');
    expect(res.text).toContain('<Section id="118181361" key="1" type="movie" title="Movies"');
  });

  it('answers 401 without a valid token and 404 to anyone but the owner', async () => {
    expect((await call(`${base}/api/servers/${MID}`)).status).toBe(401);
    expect((await call(`${base}/api/servers/${MID}`, { headers: { 'X-Plex-Token': bob.token } })).status).toBe(404);
    expect((await call(`${base}/api/v2/shared_servers/owned/accepted`, { headers: JSON_ACCEPT })).body.errors[0].code).toBe(1001);
  });

  it('shares (pending until the invitee accepts), then answers the "already sharing" 400 for that account', async () => {
    const created = await share({ server_id: MID, shared_server: { library_section_ids: [118181362], invited_email: 'bob@x.com' }, sharing_settings: {} });
    expect(created.status).toBe(200);
    expect(created.text).toMatch(/<SharedServer id="\d+"[^>]*userID="22526914"/);
    expect(sharing.shareOf(MID, bob.id)?.pending).toBe(true);
    const again = await share({ server_id: MID, shared_server: { library_section_ids: [118181361], invited_id: bob.id }, sharing_settings: {} });
    expect(again.status).toBe(400);
    expect(again.text).toContain(`status="You're already sharing this server with bob. Please edit your existing share."`);
    expect((await share({ shared_server: { library_section_ids: [1], invited_email: 'nobody@x.com' } })).status).toBe(400);
  });

  it("lists the invite as pending for the invitee; accepting adds the server to the invitee's resources", async () => {
    const pending = await call(`${base}/api/v2/shared_servers/invites/received/pending`, { headers: { 'X-Plex-Token': bob.token, ...JSON_ACCEPT } });
    expect(pending.body[0].owner.username).toBe('owner');
    const id = pending.body[0].sharedServers[0].id;
    expect((await call(`${base}/api/v2/shared_servers/${id}/accept`, { method: 'POST', headers: { 'X-Plex-Token': bob.token } })).status).toBe(200);
    const resources = await call(`${base}/api/v2/resources`, { headers: { 'X-Plex-Token': bob.token, ...JSON_ACCEPT } });
    expect(resources.body.some((d: { clientIdentifier: string; owned: boolean }) => d.clientIdentifier === MID && !d.owned)).toBe(true);
    const accepted = await call(`${base}/api/v2/shared_servers/owned/accepted`, { headers: asOwner(JSON_ACCEPT) });
    expect(accepted.body[0]).toMatchObject({ id, invitedId: bob.id, machineIdentifier: MID, libraries: [{ id: 118181362, key: 2 }] });
    const users = await call(`${base}/api/users`, { headers: asOwner() });
    expect(users.text).toMatch(/<User id="22526914"[\s\S]*<Server id="\d+"[^>]*machineIdentifier="96f2fe7a[^"]*"[^>]*pending="0"/);
  });

  it('updates libraries with the v2 call, and deleting the share takes the server away from the invitee', async () => {
    const { id } = sharing.shareOf(MID, bob.id)!;
    const update = await call(`${base}/api/v2/shared_servers/${id}`, {
      method: 'POST', headers: asOwner({ 'content-type': 'application/json' }), body: JSON.stringify({ settings: { allowSync: true }, librarySectionIds: [118181361, 118181362] }),
    });
    expect(update.status).toBe(200);
    expect(sharing.sectionKeysOf(MID, sharing.shareOf(MID, bob.id)!)).toEqual(['1', '2']);
    const one = await call(`${base}/api/servers/${MID}/shared_servers/${id}`, { headers: asOwner() });
    expect(one.text).toContain('shared="1"');
    const all = await call(`${base}/api/servers/${MID}/shared_servers`, { headers: asOwner() });
    expect(all.text).toMatch(/<SharedServer id="\d+"[^>]*userID="22526914"[^>]*>[\s\S]*<Section id="118181361" key="1"[^>]*shared="1"/);
    expect((await call(`${base}/api/servers/${MID}/shared_servers/${id}`, { method: 'DELETE', headers: asOwner() })).status).toBe(200);
    expect((await call(`${base}/api/servers/${MID}/shared_servers/${id}`, { method: 'DELETE', headers: asOwner() })).status).toBe(404);
    const resources = await call(`${base}/api/v2/resources`, { headers: { 'X-Plex-Token': bob.token, ...JSON_ACCEPT } });
    expect(resources.body).toEqual([]);
  });
});
