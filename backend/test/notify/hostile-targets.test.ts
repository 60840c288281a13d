import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';

/**
 * Channel targets are addresses people type in: one that answers with a
 * redirect or a body that never ends must fail the delivery cleanly (retried,
 * per docs/NOTIFICATIONS.md) through the outbound layer, without following the
 * redirect or reading forever.
 */
describe('notification channels against hostile targets', () => {
  const now = Date.UTC(2026, 11, 5, 12, 0, 0);
  let t: TestApp;
  let ann: User;
  const asked: string[] = [];
  let endlessClosed = false;
  let bytesSent = 0;
  const server = http.createServer((req, res) => {
    asked.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      if (req.url?.startsWith('/discord')) {
        res.writeHead(302, { location: '/elsewhere/api/webhooks/1/x' }).end();
      } else if (req.url?.startsWith('/endless')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        const pump = () => {
          if (res.destroyed || endlessClosed) return;
          bytesSent += chunk.length;
          if (res.write(chunk)) setImmediate(pump);
          else res.once('drain', pump);
        };
        res.on('close', () => {
          endlessClosed = true;
        });
        pump();
      } else if (req.url?.startsWith('/gotify-redirect')) {
        res.writeHead(301, { location: 'http://127.0.0.1:1/message' }).end();
      } else {
        res.writeHead(204).end();
      }
    });
  });
  let base = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await buildTestApp({ clock: () => now, env: { APP_URL: 'https://media.example.test' } });
    ann = await t.createUser({ username: 'ann' });
  });
  afterAll(async () => {
    await t?.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a redirect is not followed and an endless body is cut off; both deliveries are retried later', async () => {
    const h = { authorization: `Bearer ${(await t.tokenFor(ann)).token}` };
    await request(t.app)
      .put('/api/v1/notifications/settings')
      .set(h)
      .send({
        preferences: { announcement: ['discord', 'ntfy', 'gotify'] },
        targets: {
          discord: { webhookUrl: `${base}/discord/api/webhooks/123/secret-token` },
          ntfy: { url: `${base}/endless`, topic: 'medianest-ann' },
          gotify: { url: `${base}/gotify-redirect`, token: 'AgotifyAppToken' },
        },
      })
      .expect(200);
    await t.container.notifications.notify(ann.id, { type: 'announcement', title: 'Hostile', message: 'm' });
    await t.container.notify.worker.runOnce();

    const jobs = await t.container.db.prisma.notificationJob.findMany({ where: { userId: ann.id } });
    const byChannel = Object.fromEntries(jobs.map((j) => [j.channel, j]));
    expect(Object.keys(byChannel).sort()).toEqual(['discord', 'gotify', 'ntfy']);
    for (const channel of ['discord', 'gotify']) {
      expect(byChannel[channel]).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringContaining('redirected elsewhere') });
      expect(byChannel[channel]!.runAt.getTime()).toBe(now + 30_000);
    }
    expect(byChannel.ntfy).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringContaining('answer larger than') });
    expect(byChannel.ntfy!.runAt.getTime()).toBe(now + 30_000);
    // The redirect targets were never asked; the endless answer was closed after a little reading.
    expect(asked.some((p) => p.startsWith('/elsewhere'))).toBe(false);
    expect(asked.filter((p) => p.startsWith('/discord'))).toHaveLength(1);
    await expect.poll(() => endlessClosed).toBe(true);
    expect(bytesSent).toBeLessThan(16 * 1024 * 1024);
    // Nothing about the target leaks into the recorded error.
    for (const j of jobs) expect(j.lastError).not.toContain('secret-token');
  });
});
