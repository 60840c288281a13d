import crypto from 'node:crypto';
import type { User } from '@prisma/client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';
import { Receiver } from './receiver';

/** A browser's side of a subscription: a P-256 key pair and a 16-byte auth secret (as PushManager makes them). */
function browserKeys() {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = crypto.randomBytes(16);
  return { ecdh, auth, json: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
}

/** RFC 8291 decryption of one aes128gcm record (RFC 8188), done here by hand, as the browser would. */
function decryptPush(body: Buffer, ecdh: crypto.ECDH, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const senderPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  expect(body.readUInt32BE(16)).toBeGreaterThanOrEqual(record.length);
  const shared = ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderPublic]);
  const ikm = Buffer.from(crypto.hkdfSync('sha256', shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end -= 1;
  expect(plain[end]).toBe(2); // the last record's padding delimiter
  return plain.subarray(0, end).toString('utf8');
}

/** Checks the VAPID header (RFC 8292): an ES256 JWT for the push service's origin, signed by key k. */
function verifyVapid(header: string, audience: string): { k: string; claims: { aud: string; exp: number; sub: string } } {
  const m = /^vapid t=([^,]+),\s*k=(.+)$/.exec(header);
  expect(m).not.toBeNull();
  const [jwt, k] = [m![1]!, m![2]!];
  const [h, p, s] = jwt.split('.');
  const raw = Buffer.from(k, 'base64url');
  const key = crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  expect(crypto.verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s!, 'base64url'))).toBe(true);
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')) as { aud: string; exp: number; sub: string };
  expect(claims.aud).toBe(audience);
  return { k, claims };
}

describe('Web Push', () => {
  let t: TestApp;
  const pushService = new Receiver();
  let ann: User;
  const auth = async (u: User) => ({ authorization: `Bearer ${(await t.tokenFor(u)).token}` });

  beforeAll(async () => {
    await pushService.start();
    // 410 Gone and 404 Not Found both mean the subscription no longer exists (RFC 8030 section 7.3).
    pushService.respond = (r) => (r.path.startsWith('/gone') ? { status: 410 } : r.path.startsWith('/missing') ? { status: 404 } : { status: 201 });
    t = await buildTestApp({ env: { APP_URL: 'https://media.example.test' } });
    ann = await t.createUser({ username: 'ann' });
  });
  afterAll(async () => {
    await t?.close();
    await pushService.stop();
  });

  it('encrypts for the subscription\u2019s keys (aes128gcm) and signs with the server\u2019s VAPID key', async () => {
    const h = await auth(ann);
    const { publicKey } = (await request(t.app).get('/api/v1/notifications/push/public-key').set(h).expect(200)).body;
    const browser = browserKeys();
    await request(t.app).post('/api/v1/notifications/push/subscriptions').set(h).send({ endpoint: `${pushService.url}/push/device-1`, keys: { p256dh: 'short', auth: browser.json.auth } }).expect(400);
    const sub = await request(t.app).post('/api/v1/notifications/push/subscriptions').set(h).send({ endpoint: `${pushService.url}/push/device-1`, expirationTime: null, keys: browser.json }).expect(201);
    expect(sub.body.id).toEqual(expect.any(String));

    await t.container.notifications.notify(ann.id, { type: 'request.available', title: 'Dune is available', message: 'Dune is now available', data: { requestId: 'r1' } });
    await t.container.notify.worker.drain();
    const [delivered] = pushService.on('/push/device-1');
    expect(delivered).toBeDefined();
    expect(delivered!.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(delivered!.headers.ttl)).toBeGreaterThan(0);
    const { k, claims } = verifyVapid(String(delivered!.headers.authorization), pushService.url);
    expect(k).toBe(publicKey);
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    const payload = JSON.parse(decryptPush(delivered!.body, browser.ecdh, browser.auth)) as Record<string, unknown>;
    expect(payload).toMatchObject({ title: 'Dune is available', body: 'Dune is now available', url: '/requests/r1' });
    // Someone else's keys cannot read it.
    const stranger = browserKeys();
    expect(() => decryptPush(delivered!.body, stranger.ecdh, stranger.auth)).toThrow();
  });

  it('removes a subscription the push service says is gone (410) or unknown (404) and keeps the VAPID keys across instances', async () => {
    const h = await auth(ann);
    const browser = browserKeys();
    await request(t.app).post('/api/v1/notifications/push/subscriptions').set(h).send({ endpoint: `${pushService.url}/gone/device-2`, keys: browser.json }).expect(201);
    await request(t.app).post('/api/v1/notifications/push/subscriptions').set(h).send({ endpoint: `${pushService.url}/missing/device-3`, keys: browserKeys().json }).expect(201);
    expect(await t.container.db.prisma.pushSubscription.count({ where: { userId: ann.id } })).toBe(3);
    await t.container.notifications.notify(ann.id, { type: 'announcement', title: 'Hello', message: 'x' });
    await t.container.notify.worker.drain();
    const subs = await t.container.db.prisma.pushSubscription.findMany({ where: { userId: ann.id } });
    expect(subs.map((s) => s.endpoint)).toEqual([`${pushService.url}/push/device-1`]);
    const gone = await t.container.db.prisma.notificationJob.findMany({ where: { channel: 'push', payload: { path: ['title'], equals: 'Hello' }, status: 'dropped' } });
    expect(gone.map((j) => j.attempts)).toEqual([1, 1]);

    const before = (await t.container.notify.adminSettings.vapid()).publicKey;
    const other = await buildTestApp({ shareWith: t, env: { APP_URL: 'https://media.example.test' } });
    try {
      expect((await other.container.notify.adminSettings.vapid()).publicKey).toBe(before);
    } finally {
      await other.close();
    }
    // A user removes their own device; someone else's id is a 404.
    const mallory = await t.createUser({ username: 'mallory' });
    await request(t.app).delete(`/api/v1/notifications/push/subscriptions/${subs[0]!.id}`).set(await auth(mallory)).expect(404);
    await request(t.app).delete(`/api/v1/notifications/push/subscriptions/${subs[0]!.id}`).set(h).expect(204);
  });
});
