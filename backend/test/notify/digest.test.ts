import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePlexServer } from '../fakes';
import { buildTestApp, type TestApp } from '../support/test-app';

describe('weekly digest', () => {
  const plex = FakePlexServer.withSampleLibrary({ movies: 3, shows: 1, seasonsPerShow: 1, episodesPerSeason: 2, artists: 0, collections: 0 });
  const now = Date.now();
  let t: TestApp;
  let ann: User;
  let bob: User;
  let admin: User;
  const auth = async (u: User) => ({ authorization: `Bearer ${(await t.tokenFor(u)).token}` });

  beforeAll(async () => {
    await plex.start();
    plex.library.addItem({ sectionKey: '1', type: 'movie', title: 'Fresh This Week', year: 2026, addedAt: Math.floor(now / 1000) - 3600, guids: ['tmdb://424242'] });
    t = await buildTestApp({
      clock: () => now,
      env: { PLEX_SERVER_URL: plex.url, PLEX_TOKEN: plex.token, PLEX_CLIENT_ID: 'medianest-test-client', SMTP_HOST: '127.0.0.1', SMTP_PORT: '9', SMTP_TLS: 'none', SMTP_FROM: 'x@example.test' },
    });
    ann = await t.createUser({ username: 'ann', email: 'ann@example.test' });
    bob = await t.createUser({ username: 'bob', email: 'bob@example.test' });
    admin = await t.createUser({ username: 'root', role: 'admin' });
    await t.container.db.prisma.mediaRequest.create({ data: { userId: ann.id, tmdbId: 603, mediaType: 'movie', title: 'The Matrix', status: 'available' } });
    await request(t.app).put('/api/v1/follows/tv/1396').set(await auth(ann)).send({ title: 'Breaking Bad' }).expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await plex.stop();
  });

  it('shows each user their digest in the app', async () => {
    const res = await request(t.app).get('/api/v1/digest').set(await auth(ann)).expect(200);
    expect(res.body.added).toEqual([expect.objectContaining({ title: 'Fresh This Week', type: 'movie', link: expect.stringMatching(/^\/item\//) })]);
    expect(res.body.available).toEqual([{ title: 'The Matrix', link: expect.stringMatching(/^\/requests\//) }]);
    expect(res.body.following).toEqual([{ title: 'Breaking Bad', mediaType: 'tv', tmdbId: 1396, status: 'not requested' }]);
    await request(t.app).get('/api/v1/digest').expect(401);
  });

  it('lists only what was added to the libraries shared with the user', async () => {
    const tvFriend = await t.createUser({ username: 'tvfriend', plexId: '8080' });
    const sections = (await t.container.plex.serverLibraries()).filter((l) => l.type !== 'movie').map((l) => l.id);
    const at = new Date(now);
    await t.container.db.prisma.plexShare.create({ data: { userId: tvFriend.id, kind: 'shared', allLibraries: false, sectionKeys: sections, checkedAt: at, changedAt: at } });
    const res = await request(t.app).get('/api/v1/digest').set(await auth(tvFriend)).expect(200);
    expect(res.body.added.map((a: { title: string }) => a.title)).not.toContain('Fresh This Week');
  });

  it('is sent once on the admin\u2019s day, as in-app and email, to users who did not opt out', async () => {
    expect(await t.container.follows.digest.runIfDue()).toBeUndefined(); // not enabled
    const day = new Date(now).getUTCDay();
    await request(t.app).put('/api/v1/admin/notifications/settings').set(await auth(admin)).send({ digest: { enabled: true, day: (day + 1) % 7 } }).expect(200);
    expect(await t.container.follows.digest.runIfDue()).toBeUndefined(); // not today
    await request(t.app).put('/api/v1/admin/notifications/settings').set(await auth(admin)).send({ digest: { enabled: true, day } }).expect(200);
    await request(t.app).put('/api/v1/notifications/settings').set(await auth(bob)).send({ digestOptOut: true }).expect(200);

    expect(await t.container.follows.digest.runIfDue()).toBe(2); // ann and the admin (bob opted out)
    expect(await t.container.follows.digest.runIfDue()).toBeUndefined();
    const digests = await t.container.db.prisma.notification.findMany({ where: { type: 'digest.weekly' } });
    expect(digests.map((n) => n.userId).sort()).toEqual([admin.id, ann.id].sort());
    const mail = await t.container.db.prisma.notificationJob.findFirstOrThrow({ where: { userId: ann.id, channel: 'email' } });
    const payload = mail.payload as { html: string; text: string; link: string };
    expect(payload.link).toBe('/digest');
    expect(payload.text).toContain('- Fresh This Week');
    expect(payload.text).toContain('- The Matrix');
    expect(payload.text).toContain('- Breaking Bad (not requested)');
    expect(payload.html).toContain('<li>Fresh This Week</li>');
  });
});
