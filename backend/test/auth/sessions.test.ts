import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';

describe('own sessions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists a user\u2019s own sessions and signs out the other devices only', async () => {
    const alice = await t.createUser({ username: 'alice' });
    const bob = await t.createUser({ username: 'bob' });
    const phone = await t.tokenFor(alice);
    const laptop = await t.tokenFor(alice);
    const bobs = await t.tokenFor(bob);
    const list = await request(t.app).get('/api/v1/auth/sessions').set('authorization', `Bearer ${laptop.token}`).expect(200);
    expect(list.body.items.map((s: { id: string; current: boolean }) => [s.id, s.current]).sort()).toEqual(
      [
        [phone.sessionId, false],
        [laptop.sessionId, true],
      ].sort(),
    );

    await request(t.app).post('/api/v1/auth/sessions/sign-out-others').set('authorization', `Bearer ${laptop.token}`).expect(204);
    await request(t.app).get('/api/v1/auth/sessions').set('authorization', `Bearer ${phone.token}`).expect(401);
    const after = await request(t.app).get('/api/v1/auth/sessions').set('authorization', `Bearer ${laptop.token}`).expect(200);
    expect(after.body.items.map((s: { id: string }) => s.id)).toEqual([laptop.sessionId]);
    // Someone else's sessions are untouched.
    await request(t.app).get('/api/v1/auth/sessions').set('authorization', `Bearer ${bobs.token}`).expect(200);
    await request(t.app).get('/api/v1/auth/sessions').expect(401);
  });
});
