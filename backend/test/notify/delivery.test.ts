import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';
import { Receiver } from './receiver';

/**
 * The delivery queue with two instances on one database, against a local
 * peer that checks Discord's, ntfy's and Gotify's documented requests.
 */
describe('notification delivery queue and webhook channels', () => {
  let now = Date.UTC(2026, 11, 5, 12, 0, 0);
  const clock = () => now;
  let a: TestApp;
  let b: TestApp;
  const peer = new Receiver();
  let ann: User;
  let admin: User;
  const auth = async (t: TestApp, u: User) => ({ authorization: `Bearer ${(await t.tokenFor(u)).token}` });
  const jobs = () => a.container.db.prisma.notificationJob.findMany({ orderBy: { createdAt: 'asc' } });
  const drainBoth = async () => {
    for (let i = 0; i < 5; i++) await Promise.all([a.container.notify.worker.runOnce(), b.container.notify.worker.runOnce()]);
  };

  beforeAll(async () => {
    await peer.start();
    a = await buildTestApp({ clock, env: { APP_URL: 'https://media.example.test' } });
    b = await buildTestApp({ clock, shareWith: a, env: { APP_URL: 'https://media.example.test' } });
    ann = await a.createUser({ username: 'ann' });
    admin = await a.createUser({ username: 'root', role: 'admin' });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await peer.stop();
  });

  it('stores targets encrypted and shows them masked; bad targets are a 400', async () => {
    const h = await auth(a, ann);
    await request(a.app).put('/api/v1/notifications/settings').set(h).send({ targets: { ntfy: { url: 'ftp://x', topic: 't' } } }).expect(400);
    await request(a.app).put('/api/v1/notifications/settings').set(h).send({ preferences: { announcement: ['sms'] } }).expect(400);
    const res = await request(a.app)
      .put('/api/v1/notifications/settings')
      .set(h)
      .send({
        preferences: { announcement: ['inApp', 'discord', 'ntfy', 'gotify'], request: ['inApp'] },
        targets: {
          discord: { webhookUrl: `${peer.url}/discord/api/webhooks/123/secret-token` },
          ntfy: { url: `${peer.url}/ntfy`, topic: 'medianest-ann', token: 'tk_ntfysecret' },
          gotify: { url: `${peer.url}/gotify`, token: 'AgotifyAppToken' },
        },
      })
      .expect(200);
    expect(res.body.targets).toEqual({
      discord: { webhookUrl: `${peer.url}/discord/api/webhooks/123/••••` },
      ntfy: { url: `${peer.url}/ntfy`, topic: 'medianest-ann', hasToken: true },
      gotify: { url: `${peer.url}/gotify`, hasToken: true },
    });
    expect(res.body.preferences.announcement).toEqual(['inApp', 'discord', 'ntfy', 'gotify']);
    const row = await a.container.db.prisma.notificationSettings.findUniqueOrThrow({ where: { userId: ann.id } });
    expect(row.targetsEnc).not.toContain('secret-token');
    expect(row.targetsEnc).not.toContain('tk_ntfysecret');
  });

  it('queues one job per channel and two instances deliver each exactly once, with each service\u2019s payload', async () => {
    await request(a.app).post('/api/v1/admin/announcements').set(await auth(a, admin)).send({ title: 'Plex maintenance', message: 'Tonight 22:00 UTC', link: '/services' }).expect(202);
    expect((await jobs()).filter((j) => j.userId === ann.id).map((j) => j.channel).sort()).toEqual(['discord', 'gotify', 'ntfy']);
    await drainBoth();
    expect(peer.received).toHaveLength(3);
    const [discord] = peer.on('/discord/api/webhooks/123/secret-token');
    expect(discord!.method).toBe('POST');
    expect(discord!.json()).toEqual({
      username: 'MediaNest',
      embeds: [{ title: 'Plex maintenance', description: 'Tonight 22:00 UTC', url: 'https://media.example.test/services' }],
      allowed_mentions: { parse: [] },
    });
    const [ntfy] = peer.on('/ntfy');
    expect(ntfy!.path).toBe('/ntfy/');
    expect(ntfy!.headers.authorization).toBe('Bearer tk_ntfysecret');
    expect(ntfy!.json()).toEqual({ topic: 'medianest-ann', title: 'Plex maintenance', message: 'Tonight 22:00 UTC', click: 'https://media.example.test/services', tags: ['announcement'] });
    const [gotify] = peer.on('/gotify');
    expect(gotify!.path).toBe('/gotify/message');
    expect(gotify!.headers['x-gotify-key']).toBe('AgotifyAppToken');
    expect(gotify!.json()).toEqual({ title: 'Plex maintenance', message: 'Tonight 22:00 UTC', priority: 5, extras: { 'client::notification': { click: { url: 'https://media.example.test/services' } } } });
    expect((await jobs()).every((j) => j.status === 'sent' && j.attempts === 1)).toBe(true);
    // In-app as well, and only once.
    expect(await a.container.db.prisma.notification.count({ where: { userId: ann.id, type: 'announcement' } })).toBe(1);
  });

  it('retries with backoff, marks permanent refusals failed, and shows failures to admins', async () => {
    peer.received.length = 0;
    let ntfyDown = true;
    peer.respond = (r) => (r.path.startsWith('/gotify') ? { status: 401, body: '{"error":"Unauthorized"}' } : r.path.startsWith('/ntfy') && ntfyDown ? { status: 503 } : { status: 204 });
    await a.container.notifications.notify(ann.id, { type: 'announcement', title: 'Second', message: 'm' });
    await drainBoth();
    let rows = (await jobs()).filter((j) => (j.payload as { title: string }).title === 'Second');
    const ntfy = rows.find((j) => j.channel === 'ntfy')!;
    expect(ntfy).toMatchObject({ status: 'queued', attempts: 1, lastError: 'ntfy answered 503' });
    expect(ntfy.runAt.getTime()).toBe(now + 30_000);
    expect(rows.find((j) => j.channel === 'gotify')).toMatchObject({ status: 'failed', attempts: 1 });
    // Not due yet: nothing is sent again.
    await drainBoth();
    expect(peer.on('/ntfy')).toHaveLength(1);
    now += 30_000;
    await drainBoth();
    rows = (await jobs()).filter((j) => (j.payload as { title: string }).title === 'Second');
    expect(rows.find((j) => j.channel === 'ntfy')).toMatchObject({ status: 'queued', attempts: 2 });
    expect(rows.find((j) => j.channel === 'ntfy')!.runAt.getTime()).toBe(now + 60_000);
    ntfyDown = false;
    now += 60_000;
    await drainBoth();
    expect(peer.on('/ntfy')).toHaveLength(3);
    expect((await jobs()).find((j) => j.channel === 'ntfy' && (j.payload as { title: string }).title === 'Second')).toMatchObject({ status: 'sent', attempts: 3 });

    const h = await auth(a, admin);
    const failed = await request(a.app).get('/api/v1/admin/notifications/deliveries?status=failed').set(h).expect(200);
    expect(failed.body.items).toEqual([expect.objectContaining({ channel: 'gotify', status: 'failed', title: 'Second', lastError: expect.stringContaining('Gotify answered 401') })]);
    await request(a.app).get('/api/v1/admin/notifications/deliveries').set(await auth(a, ann)).expect(403);
    // An admin retries it once Gotify is fixed.
    peer.respond = () => ({ status: 200 });
    await request(a.app).post(`/api/v1/admin/notifications/deliveries/${failed.body.items[0].id}/retry`).set(h).expect(202);
    await drainBoth();
    expect((await request(a.app).get('/api/v1/admin/notifications/deliveries?status=failed').set(h).expect(200)).body.total).toBe(0);
    await request(a.app).post(`/api/v1/admin/notifications/deliveries/${failed.body.items[0].id}/retry`).set(h).expect(404);
    // Operators can alert on failures from the metrics.
    const metrics = (await a.container.metrics.registry.metrics()) + (await b.container.metrics.registry.metrics());
    expect(metrics).toMatch(/medianest_notification_deliveries_total\{channel="gotify",outcome="failed"\} 1/);
  });

  it('service problems reach admins on their channels, not other users', async () => {
    await request(a.app).put('/api/v1/notifications/settings').set(await auth(a, admin)).send({ targets: { ntfy: { url: `${peer.url}/admin-ntfy`, topic: 'ops' } } }).expect(200);
    await a.container.notifications.notifyAdmins({ type: 'service.down', title: 'Plex is down', message: 'Plex stopped answering.' });
    const queued = (await jobs()).filter((j) => (j.payload as { title: string }).title === 'Plex is down');
    expect(queued.map((j) => [j.userId, j.channel])).toEqual([[admin.id, 'ntfy']]);
    expect((queued[0]!.payload as { kind: string }).kind).toBe('service');
    await drainBoth();
    expect(peer.on('/admin-ntfy').map((r) => (r.json() as { title: string }).title)).toEqual(['Plex is down']);
  });

  it('a job claimed by an instance that died is delivered by the other after the lease; queued jobs survive a restart', async () => {
    peer.received.length = 0;
    peer.respond = () => ({ status: 204 });
    await a.container.notifications.notify(ann.id, { type: 'announcement', title: 'Third', message: 'm' });
    // Instance b claims everything and "crashes" before delivering.
    const claimed = await b.container.notify.queue.claim(10, 60_000);
    expect(claimed).toHaveLength(3);
    await a.container.notify.worker.runOnce();
    expect(peer.received).toHaveLength(0);
    await b.close();
    now += 61_000;
    // A new instance starts on the same database and finds the jobs.
    b = await buildTestApp({ clock, shareWith: a, env: { APP_URL: 'https://media.example.test' } });
    await b.container.notify.worker.drain();
    expect(peer.received.map((r) => r.path.split('/')[1]).sort()).toEqual(['discord', 'gotify', 'ntfy']);
  });
});

describe('user targets in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      configure: (c) => {
        // Only the production rules matter here; the rest of the test app stays as it is.
        (c.config as { isProduction: boolean }).isProduction = true;
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('accepts only Discord\u2019s own webhook URLs and https push endpoints; nothing is stored on refusal', async () => {
    const user = await t.createUser({ username: 'pat' });
    const h = { authorization: `Bearer ${(await t.tokenFor(user)).token}` };
    const refused = await request(t.app).put('/api/v1/notifications/settings').set(h).send({ targets: { discord: { webhookUrl: 'http://10.0.0.5/api/webhooks/1/x' } } }).expect(400);
    expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'targets.discord.webhookUrl' })]);
    expect(await t.container.db.prisma.notificationSettings.count()).toBe(0);
    await request(t.app).put('/api/v1/notifications/settings').set(h).send({ targets: { discord: { webhookUrl: 'https://discord.com/api/webhooks/1/abc' } } }).expect(200);
    const keys = { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) };
    await request(t.app).post('/api/v1/notifications/push/subscriptions').set(h).send({ endpoint: 'http://127.0.0.1:9/push', keys }).expect(400);
    await request(t.app).post('/api/v1/notifications/push/subscriptions').set(h).send({ endpoint: 'https://push.example.test/abc', keys }).expect(201);
  });
});
