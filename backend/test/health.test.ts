import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/test-app';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports ok with a healthy database and Redis, upstreams not configured', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      version: expect.any(String),
      uptimeSeconds: expect.any(Number),
      services: { database: 'healthy', redis: 'healthy', plex: 'not_configured', overseerr: 'not_configured' },
    });
    expect(new Date(res.body.timestamp).toISOString()).toBe(res.body.timestamp);
  });

  it('answers the same at /api/v1/health', async () => {
    const res = await request(t.app).get('/api/v1/health').expect(200);
    expect(res.body.services.database).toBe('healthy');
  });
});
