import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';
import { Receiver } from './receiver';

/**
 * The admin-wide Discord channel end to end: an admin stores the announcement
 * webhook, posts an announcement, and the delivery worker executes the webhook
 * on a local peer standing in for Discord, which records the POST.
 */
describe('an announcement reaches the admin-wide Discord webhook', () => {
  const discord = new Receiver();
  const HOOK = '/api/webhooks/987654321/admin-hook-token';
  let t: TestApp;
  let admin: User;
  let auth: { authorization: string };

  beforeAll(async () => {
    await discord.start();
    t = await buildTestApp({ env: { APP_URL: 'https://media.example.test' } });
    admin = await t.createUser({ username: 'root', role: 'admin' });
    await t.createUser({ username: 'ann' });
    await t.createUser({ username: 'gone', status: 'suspended' });
    auth = { authorization: `Bearer ${(await t.tokenFor(admin)).token}` };
  });
  afterAll(async () => {
    await t?.close();
    await discord.stop();
  });

  it('posts Discord\u2019s execute-webhook body once, with the server name, the title, the message and a link to the page', async () => {
    const saved = await request(t.app).put('/api/v1/admin/notifications/settings').set(auth).send({ discordWebhookUrl: `${discord.url}${HOOK}`, serverName: 'Home Media' }).expect(200);
    expect(saved.body.discordWebhookSet).toBe(true);
    expect(JSON.stringify(saved.body)).not.toContain('admin-hook-token');

    const res = await request(t.app).post('/api/v1/admin/announcements').set(auth).send({ title: 'Plex maintenance', message: 'Tonight 22:00 UTC, about an hour.', link: '/services' }).expect(202);
    expect(res.body).toEqual({ id: expect.any(String), recipients: 2 });
    await t.container.notify.worker.drain();

    expect(discord.received).toHaveLength(1);
    const [post] = discord.on(HOOK);
    expect(post!.method).toBe('POST');
    expect(post!.path).toBe(HOOK);
    expect(post!.headers['content-type']).toMatch(/^application\/json/);
    expect(post!.json()).toEqual({
      username: 'Home Media',
      embeds: [{ title: 'Plex maintenance', description: 'Tonight 22:00 UTC, about an hour.', url: 'https://media.example.test/services' }],
      allowed_mentions: { parse: [] },
    });

    const jobs = await t.container.db.prisma.notificationJob.findMany({ where: { channel: 'discord-admin' } });
    expect(jobs).toEqual([expect.objectContaining({ userId: null, status: 'sent', attempts: 1 })]);
    // Delivering again sends nothing more.
    await t.container.notify.worker.drain();
    expect(discord.received).toHaveLength(1);
  });

  it('sends nothing to Discord once the admin webhook is cleared', async () => {
    discord.received.length = 0;
    await request(t.app).put('/api/v1/admin/notifications/settings').set(auth).send({ discordWebhookUrl: null }).expect(200);
    await request(t.app).post('/api/v1/admin/announcements').set(auth).send({ title: 'Second', message: 'm' }).expect(202);
    await t.container.notify.worker.drain();
    expect(discord.received).toEqual([]);
  });
});
