import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBootstrapAdmin } from '../../src/bootstrap';
import { UserRepository } from '../../src/modules/auth/user.repository';
import { REFRESH_COOKIE } from '../../src/modules/auth/refresh-cookie';
import { FakeOverseerr, FakePlexServer, FakePlexTv, Permission, type PlexTvAccount } from '../fakes';
import { TEST_SECRETS, buildTestApp, type TestApp } from '../support/test-app';

/**
 * A representative session of the whole app (sign-in by password and by Plex,
 * admin settings with secrets, browsing, images, a media request, the
 * webhook, metrics, upstream failures), recorded end to end; then every
 * secret in use is looked for in every response and every log line.
 */
const ADMIN_PASSWORD = 'bootstrap-admin-secret-pw-42';
const WEBHOOK_SECRET = 'whsec-secrets-suite-8d2f0a91';

let t: TestApp;
let pms: FakePlexServer;
let plextv: FakePlexTv;
let overseerr: FakeOverseerr;
let owner: PlexTvAccount;
/** Everything the server sent back, minus what is meant for the client (checked separately). */
const responses: string[] = [];
/** Secrets handed to a client on purpose: fine in their own response, never in logs or elsewhere. */
const issued: string[] = [];

/** Records a response: headers (except its own Set-Cookie) and body. */
async function record(req: request.Test): Promise<request.Response> {
  const res = await req;
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  for (const c of cookies) if (c.startsWith(`${REFRESH_COOKIE}=`)) issued.push(c.split(';')[0]!.slice(REFRESH_COOKIE.length + 1));
  const { 'set-cookie': _cookie, ...headers } = res.headers;
  const body = { ...(res.body as Record<string, unknown>) };
  for (const key of ['accessToken', 'pinToken']) {
    if (typeof body[key] === 'string') {
      issued.push(body[key] as string);
      delete body[key];
    }
  }
  responses.push(JSON.stringify(headers), JSON.stringify(body), res.text && !res.headers['content-type']?.startsWith('image/') ? res.text.replace(/"(accessToken|pinToken)":"[^"]*"/g, '') : '');
  return res;
}

beforeAll(async () => {
  pms = FakePlexServer.withSampleLibrary({ token: 'pms-owner-token-secret-5521' });
  plextv = new FakePlexTv();
  overseerr = new FakeOverseerr({ apiKey: 'overseerr-api-key-secret-7730' });
  await Promise.all([pms.start(), plextv.start(), overseerr.start()]);
  owner = plextv.addAccount({ id: 1001, uuid: 'owner-uuid', username: 'owner', email: 'owner@example.com', token: pms.token });
  plextv.shareServer(owner.token, pms.machineIdentifier, { owned: true, uri: pms.url });
  overseerr.addUser({ id: 2, email: 'owner@example.com', plexId: 1001, permissions: Permission.REQUEST });
  t = await buildTestApp({ listen: false, env: { PLEX_TV_URL: plextv.url, ADMIN_PASSWORD, ADMIN_USERNAME: 'root' } });
  await ensureBootstrapAdmin(new UserRepository(t.container.db.prisma), t.config, t.container.logger);

  const app = t.app;
  const login = await record(request(app).post('/api/v1/auth/login').send({ username: 'root', password: ADMIN_PASSWORD }).expect(200));
  const admin = { authorization: `Bearer ${login.body.accessToken}` };
  await record(request(app).post('/api/v1/auth/login').send({ username: 'root', password: 'wrong-password-guess' }).expect(401));
  await record(
    request(app)
      .put('/api/v1/admin/settings')
      .set(admin)
      .send({ plex: { serverUrl: pms.url, token: pms.token }, overseerr: { url: overseerr.url, apiKey: overseerr.apiKey, webhookSecret: WEBHOOK_SECRET } })
      .expect(200),
  );
  await record(request(app).get('/api/v1/admin/settings').set(admin).expect(200));

  // The server owner signs in with Plex (their Plex token is stored encrypted).
  const pin = await record(request(app).get('/api/v1/auth/plex/login').expect(200));
  plextv.approvePin(pin.body.pinId, owner.token);
  const signedIn = await record(request(app).post('/api/v1/auth/plex/callback').send({ pinId: pin.body.pinId, pinToken: pin.body.pinToken }).expect(200));
  const user = { authorization: `Bearer ${signedIn.body.accessToken}` };
  const cookie = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${REFRESH_COOKIE}=`))!.split(';')[0]!;
  await record(request(app).post('/api/v1/auth/refresh').set('Cookie', cookie).expect(200));

  const libraries = await record(request(app).get('/api/v1/plex/libraries').set(user).expect(200));
  const page = await record(request(app).get(`/api/v1/plex/libraries/${libraries.body.items[0].id}/items?pageSize=5`).set(user).expect(200));
  await record(request(app).get(`/api/v1/plex/items/${page.body.items[0].id}`).set(user).expect(200));
  await record(request(app).get('/api/v1/plex/search?q=matrix').set(user).expect(200));
  await record(request(app).get('/api/v1/plex/recently-added').set(user).expect(200));
  await record(request(app).get(page.body.items[0].thumbUrl).expect(200));
  await record(request(app).get('/api/v1/media/search?q=matrix').set(user).expect(200));
  const created = await record(request(app).post('/api/v1/media/requests').set(user).send({ tmdbId: 603, mediaType: 'movie' }).expect(201));
  await record(
    request(app)
      .post('/api/v1/webhooks/overseerr')
      .set('authorization', WEBHOOK_SECRET)
      .send(overseerr.renderWebhook({ type: 'MEDIA_APPROVED', requestId: created.body.overseerrRequestId }))
      .expect(204),
  );
  await record(request(app).get('/api/v1/notifications').set(user).expect(200));
  await record(request(app).get('/api/v1/services').set(admin).expect(200));
  await record(request(app).get('/metrics').set('authorization', `Bearer ${TEST_SECRETS.METRICS_TOKEN}`).expect(200));
  await record(request(app).get('/api/v1/admin/audit-log?pageSize=100').set(admin).expect(200));

  // Failures are where secrets tend to leak: upstream errors and refused credentials.
  await pms.setMode('down');
  await record(request(app).get('/api/v1/plex/search?q=failing').set(user));
  await pms.setMode('up');
  await overseerr.setMode('down');
  await record(request(app).get('/api/v1/media/search?q=failing').set(user));
  await overseerr.setMode('up');
  await record(request(app).post('/api/v1/webhooks/overseerr').set('authorization', 'wrong').send({ notification_type: 'TEST_NOTIFICATION' }));
  await record(request(app).get('/metrics').set('authorization', 'Bearer wrong'));
}, 120_000);

afterAll(async () => {
  await t?.close();
  await Promise.all([pms?.stop(), plextv?.stop(), overseerr?.stop()]);
});

function secretsInUse(): Record<string, string> {
  return {
    JWT_SECRET: TEST_SECRETS.JWT_SECRET,
    ENCRYPTION_KEY: TEST_SECRETS.ENCRYPTION_KEY,
    METRICS_TOKEN: TEST_SECRETS.METRICS_TOKEN,
    ADMIN_PASSWORD,
    PLEX_TOKEN: pms.token,
    OVERSEERR_API_KEY: overseerr.apiKey,
    OVERSEERR_WEBHOOK_SECRET: WEBHOOK_SECRET,
    "the owner's Plex token": owner.token,
    'a wrong password tried': 'wrong-password-guess',
  };
}

describe('secrets', () => {
  it('ran the whole flow (the scans below cover real traffic)', () => {
    expect(responses.length).toBeGreaterThan(50);
    expect(t.logs.lines.length).toBeGreaterThan(20);
    expect(issued.length).toBeGreaterThanOrEqual(5);
  });

  it('appear in no response body or header', () => {
    const all = responses.join('\n');
    for (const [name, value] of Object.entries(secretsInUse())) expect(all.includes(value), name).toBe(false);
  });

  it('appear in no log line, nor do the tokens handed to clients', () => {
    const logs = t.logs.text();
    for (const [name, value] of Object.entries(secretsInUse())) expect(logs.includes(value), name).toBe(false);
    for (const token of issued) expect(logs.includes(token), `issued token ${token.slice(0, 6)}…`).toBe(false);
  });

  it('are stored encrypted or hashed, never in plain text', async () => {
    const prisma = t.container.db.prisma;
    const dump = JSON.stringify([await prisma.setting.findMany(), await prisma.user.findMany(), await prisma.refreshToken.findMany(), await prisma.plexPin.findMany()]);
    for (const value of [pms.token, overseerr.apiKey, WEBHOOK_SECRET, ADMIN_PASSWORD, owner.token, ...issued]) expect(dump.includes(value)).toBe(false);
  });
});

describe('the built web app', () => {
  const dist = path.resolve(__dirname, '../../../frontend/dist');
  const SECRET_NAMES = ['JWT_SECRET', 'ENCRYPTION_KEY', 'METRICS_TOKEN', 'PLEX_TOKEN', 'OVERSEERR_API_KEY', 'OVERSEERR_WEBHOOK_SECRET', 'ADMIN_PASSWORD', 'DATABASE_URL', 'REDIS_URL'];

  function files(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  }

  it('carries no secret, no token header and no environment value', () => {
    expect(fs.existsSync(path.join(dist, 'index.html')), `no built web app at ${dist}: run \`npm run build -w frontend\` first`).toBe(true);
    const text = files(dist)
      .filter((f) => /\.(js|mjs|css|html|json|webmanifest|map|txt)$/.test(f))
      .map((f) => [path.relative(dist, f), fs.readFileSync(f, 'utf8')] as const);
    expect(text.length).toBeGreaterThan(3);
    // Values this machine might hold: the environment and generated Docker secrets, if present.
    const secretsDir = path.resolve(dist, '../../secrets');
    const values = [
      ...SECRET_NAMES.map((n) => process.env[n]),
      ...(fs.existsSync(secretsDir) ? files(secretsDir).map((f) => fs.readFileSync(f, 'utf8').trim()) : []),
      ...Object.values(TEST_SECRETS),
    ].filter((v): v is string => typeof v === 'string' && v.length >= 12);
    for (const [file, content] of text) {
      // The settings page names the variables (read-only hints); an assignment of a value is a leak.
      expect(content, file).not.toMatch(new RegExp(`(${SECRET_NAMES.join('|')})["'\`]?\\s*[:=]\\s*["'\`][^"'\`\\s]{6,}`));
      expect(content, file).not.toMatch(/x-plex-token/i);
      expect(content, file).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(content, file).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
      expect(content, file).not.toMatch(/VITE_[A-Z_]*(SECRET|TOKEN|KEY|PASSWORD)/);
      for (const value of values) expect(content.includes(value), `${file} holds a secret value`).toBe(false);
    }
  });
});
