import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/test-app';

/**
 * The `route` label of http_request_duration_seconds is the full route pattern
 * for error answers too: Express has left the router (and dropped its mount
 * path from req.baseUrl) by the time an error response finishes.
 */
describe('http_request_duration_seconds route label', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ listen: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the mount prefix on 404, 401 and 400 answers of mounted routes', async () => {
    const user = await t.createUser();
    const auth = `Bearer ${(await t.tokenFor(user)).token}`;
    await request(t.app).get('/api/v1/media/requests/no-such-request').set('authorization', auth).expect(404);
    await request(t.app).post('/api/v1/webhooks/overseerr').send({}).expect(401);
    await request(t.app).get('/api/v1/services/plex/history?range=1y').set('authorization', auth).expect(400);
    const text = (await request(t.app).get('/metrics').set('Authorization', `Bearer ${t.config.metricsToken}`).expect(200)).text;
    const labels = (status: string) =>
      [...text.matchAll(new RegExp(`http_request_duration_seconds_count\\{[^}]*route="([^"]+)",status_code="${status}"`, 'g'))].map((m) => m[1]);
    expect(labels('404')).toContain('/api/v1/media/requests/:id');
    expect(labels('401')).toContain('/api/v1/webhooks/overseerr');
    expect(labels('400')).toContain('/api/v1/services/:id/history');
    expect(text).not.toMatch(/route="\/requests\/:id"/);
    expect(text).not.toMatch(/route="\/overseerr"/);
  });
});
