import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookType } from '../fakes';
import { WEBHOOK_PATH, WEBHOOK_SECRET, databaseDigest, startSecurityApp, type SecurityApp } from './security-app';

/**
 * Forged and replayed Overseerr webhooks. Overseerr signs nothing and sends no
 * timestamp, so a replay cannot be refused; what holds instead: without the
 * shared secret nothing changes, and a repeated or out-of-order event never
 * undoes what a newer one set, nor grows the history.
 */
let s: SecurityApp;
let requestId: string;
let overseerrRequestId: number;

beforeAll(async () => {
  s = await startSecurityApp();
  const created = await request(s.t.app).post('/api/v1/media/requests').set('authorization', await s.bearer(s.user)).send({ tmdbId: 603, mediaType: 'movie' }).expect(201);
  requestId = created.body.id;
  overseerrRequestId = created.body.overseerrRequestId;
});
afterAll(async () => {
  await s.close();
});

/** The body Overseerr would send for this event about our request (its default template). */
const payload = (type: WebhookType) => s.overseerr.renderWebhook({ type, requestId: overseerrRequestId });
/** `null`: no Authorization header at all. */
const post = (body: unknown, authorization: string | null = WEBHOOK_SECRET) => {
  const req = request(s.t.app).post(WEBHOOK_PATH);
  return authorization === null ? req.send(body as object) : req.set('authorization', authorization).send(body as object);
};
const history = async () => (await s.t.container.db.prisma.mediaRequestHistory.findMany({ where: { requestId }, orderBy: { at: 'asc' } })).map((h) => h.status);
const status = async () => (await s.t.container.db.prisma.mediaRequest.findUniqueOrThrow({ where: { id: requestId } })).status;

describe('forged webhooks', () => {
  it.each([
    ['no Authorization header', null],
    ['an empty one', ''],
    ['a wrong secret', 'not-the-secret'],
    ['the secret as a bearer token', `Bearer ${WEBHOOK_SECRET}`],
    ['the secret as Basic credentials', `Basic ${Buffer.from(`x:${WEBHOOK_SECRET}`).toString('base64')}`],
    ['the secret in another case', WEBHOOK_SECRET.toUpperCase()],
    ['a prefix of the secret', WEBHOOK_SECRET.slice(0, -1)],
    ['the secret with something appended', `${WEBHOOK_SECRET}x`],
    ['the secret twice', `${WEBHOOK_SECRET},${WEBHOOK_SECRET}`],
  ])('answers 401 to %s and changes nothing', async (_what, authorization) => {
    const before = await databaseDigest(s.t);
    for (const type of ['MEDIA_AVAILABLE', 'MEDIA_DECLINED'] as const) {
      const res = await post(payload(type), authorization).expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect(await databaseDigest(s.t)).toEqual(before);
  });

  it('answers 401, not 400, to a body of any shape without the secret: the payload rules stay hidden', async () => {
    for (const body of [{ hello: 'world' }, [], { notification_type: 'MEDIA_AVAILABLE', extra: 'x'.repeat(1000) }]) {
      expect((await post(body, 'wrong')).status).toBe(401);
    }
  });
});

describe('replayed and out-of-order webhooks', () => {
  it('applies a burst of identical deliveries once: one history entry, one notification', async () => {
    s.overseerr.setRequestStatus(overseerrRequestId, 2);
    const approved = payload('MEDIA_APPROVED');
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(approved)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(204));
    expect(await history()).toEqual(['pending', 'processing']);
    expect(await s.t.container.db.prisma.notification.count({ where: { userId: s.user.id, type: 'request.processing' } })).toBe(1);
  });

  it('moves forward once on the newer event, even when it races a replay of the older one', async () => {
    s.overseerr.setMediaStatus(603, 'movie', 5);
    const results = await Promise.all([post(payload('MEDIA_AVAILABLE')), post(payload('MEDIA_APPROVED')), post(payload('MEDIA_AVAILABLE'))]);
    expect(results.map((r) => r.status)).toEqual([204, 204, 204]);
    expect(await status()).toBe('available');
    expect(await history()).toEqual(['pending', 'processing', 'available']);
  });

  it.each<WebhookType>(['MEDIA_PENDING', 'MEDIA_APPROVED', 'MEDIA_AUTO_APPROVED', 'MEDIA_FAILED', 'MEDIA_DECLINED', 'MEDIA_AVAILABLE'])(
    'ignores a late %s once the request is available',
    async (type) => {
      const before = await databaseDigest(s.t);
      await post(payload(type)).expect(204);
      expect(await status()).toBe('available');
      expect(await databaseDigest(s.t)).toEqual(before);
    },
  );
});
