import crypto from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encryptor } from '../../src/security/encryption';
import { buildTestApp, type TestApp } from '../support/test-app';
import { bearer } from '../auth/accounts-support';

const NOTHING_SET = {
  plex: { serverUrl: null, tokenSet: false, managedByEnv: false },
  overseerr: { url: null, apiKeySet: false, webhookSecretSet: false, managedByEnv: false },
  uptimeKuma: { url: null, statusPage: null, managedByEnv: false },
};

describe('admin: settings stored in the database', () => {
  let t: TestApp;
  let admin: { id: string };
  let auth: { Authorization: string };
  const put = (body: object) => request(t.app).put('/api/v1/admin/settings').set(auth).send(body);

  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.createUser({ role: 'admin' });
    auth = bearer((await t.tokenFor(admin)).token);
  });
  afterAll(() => t.close());

  it('shows nothing configured at first', async () => {
    const res = await request(t.app).get('/api/v1/admin/settings').set(auth).expect(200);
    expect(res.body).toEqual(NOTHING_SET);
  });

  it('stores settings with secrets encrypted and reports secrets only as set', async () => {
    const res = await put({
      plex: { serverUrl: 'http://plex.lan:32400/', token: 'plex-secret-token' },
      overseerr: { url: 'https://requests.example.com', apiKey: 'overseerr-api-key', webhookSecret: 'hook-secret' },
      uptimeKuma: { url: 'https://status.example.com', statusPage: 'home' },
    }).expect(200);
    expect(res.body).toEqual({
      plex: { serverUrl: 'http://plex.lan:32400', tokenSet: true, managedByEnv: false },
      overseerr: { url: 'https://requests.example.com', apiKeySet: true, webhookSecretSet: true, managedByEnv: false },
      uptimeKuma: { url: 'https://status.example.com', statusPage: 'home', managedByEnv: false },
    });
    const body = JSON.stringify((await request(t.app).get('/api/v1/admin/settings').set(auth).expect(200)).body);
    for (const secret of ['plex-secret-token', 'overseerr-api-key', 'hook-secret']) expect(body).not.toContain(secret);

    const row = await t.container.db.prisma.setting.findUniqueOrThrow({ where: { key: 'plex.token' } });
    expect(row.encrypted).toBe(true);
    expect(row.value).not.toContain('plex-secret-token');
    expect(t.container.encryptor.decrypt(row.value)).toBe('plex-secret-token');
    expect((await t.container.settings.get()).overseerr.apiKey).toBe('overseerr-api-key');
  });

  it('leaves omitted fields unchanged and clears fields sent as null', async () => {
    // Same scheme, host and port: the token stays bound to it (see test/security/secret-binding.test.ts).
    const res = await put({ plex: { serverUrl: 'http://plex.lan:32400/plex' }, overseerr: { apiKey: null } }).expect(200);
    expect(res.body.plex).toEqual({ serverUrl: 'http://plex.lan:32400/plex', tokenSet: true, managedByEnv: false });
    expect(res.body.overseerr).toMatchObject({ url: 'https://requests.example.com', apiKeySet: false, webhookSecretSet: true });
    expect(await t.container.db.prisma.setting.count({ where: { key: 'overseerr.apiKey' } })).toBe(0);
  });

  it('accepts only http and https URLs', async () => {
    for (const url of ['ftp://plex.lan', 'javascript:alert(1)', 'not a url', 'http://user:pw@plex.lan']) {
      const res = await put({ plex: { serverUrl: url } }).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
    await put({ uptimeKuma: { statusPage: '../../admin' } }).expect(400);
  });

  it('audits the change by field name, never with the secret values', async () => {
    await put({ overseerr: { apiKey: 'a-brand-new-api-key' } }).expect(200);
    const entry = await t.container.db.prisma.auditLog.findFirst({ where: { action: 'admin.settings_updated' }, orderBy: { createdAt: 'desc' } });
    expect(entry).toMatchObject({ actorId: admin.id, details: { fields: ['overseerr.apiKey'] } });
    expect(JSON.stringify(entry)).not.toContain('a-brand-new-api-key');
    expect(t.logs.text()).not.toContain('a-brand-new-api-key');
  });

  it('drops cached Plex and Overseerr answers when the settings change', async () => {
    await t.container.cached.get('plex:libraries', { ttlSeconds: 300 }, () => Promise.resolve(['old server']));
    await t.container.cached.get('overseerr:search:matrix', { ttlSeconds: 300 }, () => Promise.resolve(['old']));
    await t.container.cached.get('other:key', { ttlSeconds: 300 }, () => Promise.resolve(['kept']));
    await put({ plex: { serverUrl: 'http://plex3.lan:32400' } }).expect(200);
    expect(await t.container.cache.get('plex:libraries')).toBeUndefined();
    expect(await t.container.cache.get('overseerr:search:matrix')).toBeUndefined();
    expect(await t.container.cache.get('other:key')).toBeDefined();
  });

  it('is for admins only', async () => {
    const user = await t.createUser();
    const userAuth = bearer((await t.tokenFor(user)).token);
    await request(t.app).get('/api/v1/admin/settings').set(userAuth).expect(403);
    await request(t.app).put('/api/v1/admin/settings').set(userAuth).send({ plex: { serverUrl: 'http://evil.example' } }).expect(403);
    expect((await t.container.settings.get()).plex.serverUrl).toBe('http://plex3.lan:32400');
  });
});

describe('admin: settings managed by the environment', () => {
  let t: TestApp;
  let auth: { Authorization: string };
  beforeAll(async () => {
    t = await buildTestApp({ env: { PLEX_SERVER_URL: 'http://plex.env:32400', PLEX_TOKEN: 'env-plex-token' } });
    auth = bearer((await t.tokenFor(await t.createUser({ role: 'admin' }))).token);
  });
  afterAll(() => t.close());

  it('shows them read-only, without the secret', async () => {
    const res = await request(t.app).get('/api/v1/admin/settings').set(auth).expect(200);
    expect(res.body.plex).toEqual({ serverUrl: 'http://plex.env:32400', tokenSet: true, managedByEnv: true });
    expect(JSON.stringify(res.body)).not.toContain('env-plex-token');
  });

  it('answers 409 to changing a field of that section, and still accepts other sections', async () => {
    await request(t.app).put('/api/v1/admin/settings').set(auth).send({ plex: { token: 'other' } }).expect(409);
    const res = await request(t.app).put('/api/v1/admin/settings').set(auth).send({ plex: { serverUrl: 'http://plex.other:32400' } }).expect(409);
    expect(res.body.error.code).toBe('CONFLICT');
    await request(t.app).put('/api/v1/admin/settings').set(auth).send({ plex: { serverUrl: null } }).expect(409);
    await request(t.app).put('/api/v1/admin/settings').set(auth).send({ overseerr: { url: 'http://overseerr.lan:5055' } }).expect(200);
  });

  it('accepts the GET answer sent back unchanged', async () => {
    const current = await request(t.app).get('/api/v1/admin/settings').set(auth).expect(200);
    const res = await request(t.app).put('/api/v1/admin/settings').set(auth).send(current.body).expect(200);
    expect(res.body).toEqual(current.body);
  });
});

describe('admin: secrets that no longer decrypt', () => {
  it('treats them as unset and notifies the admins once', async () => {
    const t = await buildTestApp();
    try {
      const admin = await t.createUser({ role: 'admin' });
      const auth = bearer((await t.tokenFor(admin)).token);
      const oldKey = new Encryptor(crypto.randomBytes(32));
      await t.container.db.prisma.setting.create({ data: { key: 'overseerr.apiKey', value: oldKey.encrypt('lost-key'), encrypted: true } });
      await t.container.db.prisma.setting.create({ data: { key: 'overseerr.url', value: 'http://overseerr.lan:5055', encrypted: false } });
      t.container.settings.invalidate();

      const res = await request(t.app).get('/api/v1/admin/settings').set(auth).expect(200);
      expect(res.body.overseerr).toMatchObject({ url: 'http://overseerr.lan:5055', apiKeySet: false });
      await expect.poll(() => t.container.db.prisma.notification.count({ where: { userId: admin.id } })).toBe(1);
      t.container.settings.invalidate();
      await request(t.app).get('/api/v1/admin/settings').set(auth).expect(200);
      await new Promise((r) => setTimeout(r, 200));
      expect(await t.container.db.prisma.notification.count({ where: { userId: admin.id } })).toBe(1);
    } finally {
      await t.close();
    }
  });
});
