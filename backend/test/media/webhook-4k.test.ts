import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overseerrWebhookSchema } from '../../src/modules/webhooks/overseerr-webhook.schemas';
import { isFourK } from '../../src/modules/webhooks/overseerr-webhook.service';
import { Permission, type WebhookType } from '../fakes';
import { WEBHOOK_PATH, WEBHOOK_SECRET, startMediaApp, type MediaTestApp } from './media-app';

/**
 * Overseerr's 4K events (docs/UPSTREAMS.md D): MediaNest requests only non-4K,
 * so every 4K notification text the fake renders must be recognised as 4K and
 * never applied to the user's non-4K request of the same title, not even
 * through the "no request named: the open requests of the title" fallback.
 */
const EVENTS: Array<{ type: WebhookType; movie: string; series: string }> = [
  { type: 'MEDIA_PENDING', movie: 'New 4K Movie Request', series: 'New 4K Series Request' },
  { type: 'MEDIA_APPROVED', movie: '4K Movie Request Approved', series: '4K Series Request Approved' },
  { type: 'MEDIA_AUTO_APPROVED', movie: '4K Movie Request Automatically Approved', series: '4K Series Request Automatically Approved' },
  { type: 'MEDIA_DECLINED', movie: '4K Movie Request Declined', series: '4K Series Request Declined' },
  { type: 'MEDIA_FAILED', movie: '4K Movie Request Failed', series: '4K Series Request Failed' },
  { type: 'MEDIA_AVAILABLE', movie: '4K Movie Request Now Available', series: '4K Series Request Now Available' },
];

describe('Overseerr 4K webhook events', () => {
  let m: MediaTestApp;
  let sam: User;
  let samToken: string;
  const local: Record<'movie' | 'tv', { id: string; overseerrRequestId: number }> = {} as never;
  const fourK: Record<'movie' | 'tv', number> = { movie: 0, tv: 0 };

  beforeAll(async () => {
    m = await startMediaApp();
    m.fake.addUser({ id: 2, email: 'sam@example.com', plexId: 5005, permissions: Permission.REQUEST });
    sam = await m.t.createUser({ username: 'sam', plexId: '5005' });
    samToken = (await m.t.tokenFor(sam)).token;
    for (const [mediaType, tmdbId] of [['movie', 603], ['tv', 1399]] as const) {
      // Sam's non-4K request through MediaNest (pending: Sam may not auto-approve)...
      const res = await request(m.t.app).post('/api/v1/media/requests').set('authorization', `Bearer ${samToken}`).send({ tmdbId, mediaType }).expect(201);
      local[mediaType] = res.body;
      // ...and the owner's 4K request of the same title, made in Overseerr itself.
      const made = await fetch(`${m.fake.url}/api/v1/request`, {
        method: 'POST',
        headers: { 'x-api-key': m.fake.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ mediaType, mediaId: tmdbId, is4k: true, ...(mediaType === 'tv' ? { seasons: [1] } : {}) }),
      });
      expect(made.status).toBe(201);
      fourK[mediaType] = ((await made.json()) as { id: number; is4k: boolean }).id;
      expect(m.fake.requestRows.get(fourK[mediaType])?.is4k).toBe(true);
    }
  });
  afterAll(async () => {
    await m?.close();
  });

  const snapshot = async (id: string) => {
    const row = await m.t.container.db.prisma.mediaRequest.findUniqueOrThrow({ where: { id } });
    const history = await m.t.container.db.prisma.mediaRequestHistory.count({ where: { requestId: id } });
    return { status: row.status, updatedAt: row.updatedAt.toISOString(), completedAt: row.completedAt, history };
  };

  describe.each(['movie', 'tv'] as const)('for a %s', (mediaType) => {
    it.each(EVENTS)('$type: the text the fake sends is recognised as 4K and never touches the non-4K request', async (e) => {
      const text = mediaType === 'movie' ? e.movie : e.series;
      const rendered = m.fake.renderWebhook({ type: e.type, requestId: fourK[mediaType] });
      expect(rendered.event).toBe(text);
      expect(isFourK(text)).toBe(true);
      // The same event for the non-4K request is not 4K (the control).
      expect(isFourK(m.fake.renderWebhook({ type: e.type, requestId: local[mediaType].overseerrRequestId }).event as string)).toBe(false);

      const before = await snapshot(local[mediaType].id);
      const notificationsBefore = await m.t.container.db.prisma.notification.count({ where: { userId: sam.id } });
      // As Overseerr sends it (naming the 4K request), and without a request, where the title fallback would apply.
      for (const payload of [rendered, { ...rendered, request: null }]) {
        expect(await m.t.container.media.webhooks.handle(overseerrWebhookSchema.parse(payload))).toEqual({ matched: 0, changed: 0 });
        await request(m.t.app).post(WEBHOOK_PATH).set('authorization', WEBHOOK_SECRET).send(payload).expect(204);
      }
      expect(await m.fake.sendWebhook(`${m.t.url}${WEBHOOK_PATH}`, { type: e.type, requestId: fourK[mediaType] }, { authHeader: WEBHOOK_SECRET })).toBe(204);
      expect(await snapshot(local[mediaType].id)).toEqual(before);
      expect(await m.t.container.db.prisma.notification.count({ where: { userId: sam.id } })).toBe(notificationsBefore);
    });
  });

  it('the same texts without "4K" do reach the non-4K request (the test can see a change)', async () => {
    const rendered = m.fake.renderWebhook({ type: 'MEDIA_DECLINED', requestId: local.movie.overseerrRequestId });
    expect(rendered.event).toBe('Movie Request Declined');
    expect(await m.t.container.media.webhooks.handle(overseerrWebhookSchema.parse({ ...rendered, request: null }))).toMatchObject({ matched: 1 });
    expect((await snapshot(local.movie.id)).status).toBe('declined');
  });
});
