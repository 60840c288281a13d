import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/test-app';

describe('HTTP basics of every route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { CORS_ORIGINS: 'https://app.example' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await request(t.app).get('/api/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('echoes a sane X-Request-Id and replaces an insane one', async () => {
    const sane = await request(t.app).get('/api/health').set('X-Request-Id', 'abc-123');
    expect(sane.headers['x-request-id']).toBe('abc-123');
    const insane = await request(t.app).get('/api/health').set('X-Request-Id', 'bad id <script>');
    expect(insane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with the contract error shape', async () => {
    const res = await request(t.app).get('/api/v1/does-not-exist').set('X-Request-Id', 'req-404').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), requestId: 'req-404' } });
  });

  it('answers malformed JSON with 400 VALIDATION_ERROR, never 500', async () => {
    const res = await request(t.app).post('/api/v1/notifications/read-all').set('Content-Type', 'application/json').send('{"broken":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js|SyntaxError/);
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await request(t.app)
      .post('/api/v1/notifications/read-all')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ blob: 'x'.repeat(200_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('allows CORS for a configured origin', async () => {
    const res = await request(t.app)
      .options('/api/v1/notifications')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it('answers the CORS preflight of the health route too', async () => {
    const res = await request(t.app)
      .options('/api/v1/health')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
  });

  it('gives a foreign origin no CORS permission', async () => {
    const res = await request(t.app)
      .options('/api/v1/notifications')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'GET');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('requires a signed-in user on protected routes', async () => {
    const res = await request(t.app).get('/api/v1/notifications').expect(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('serves /metrics only with the bearer token', async () => {
    await request(t.app).get('/metrics').expect(401);
    await request(t.app).get('/metrics').set('Authorization', 'Bearer wrong-token-value').expect(401);
    await request(t.app).get('/api/health');
    await request(t.app).get('/api/v1/no-such-thing');
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${t.config.metricsToken}`).expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/health"/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="unmatched"/);
    for (const name of ['socketio_connected_clients', 'medianest_upstream_request_duration_seconds', 'medianest_service_up', 'medianest_cache_requests_total']) {
      expect(res.text).toContain(`# TYPE ${name}`);
    }
  });

  it('serves the generated OpenAPI document and a readable page', async () => {
    const json = await request(t.app).get('/api/docs/openapi.json').expect(200);
    expect(json.body.openapi).toBe('3.1.0');
    expect(json.body.paths['/api/health'].get).toBeDefined();
    expect(json.body.paths['/api/v1/notifications'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['page', 'pageSize', 'unreadOnly']),
    );
    const page = await request(t.app).get('/api/docs').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('/api/v1/notifications');
  });
});

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ env: { RATE_LIMIT_API_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After and the standard headers past the limit', async () => {
    for (let i = 0; i < 3; i++) {
      const ok = await request(t.app).get('/api/v1/notifications');
      expect(ok.status).toBe(401);
      expect(ok.headers['ratelimit-policy']).toMatch(/q=3/);
    }
    const limited = await request(t.app).get('/api/v1/notifications').expect(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers['ratelimit']).toBeDefined();
  });

  it('does not count health checks against the API limit', async () => {
    for (let i = 0; i < 5; i++) await request(t.app).get('/api/health').expect(200);
  });
});

describe('health in every state', () => {
  it('is degraded while Redis is unreachable, and the API keeps working', async () => {
    const t = await buildTestApp({ redisUrl: 'redis://127.0.0.1:1' });
    try {
      const res = await request(t.app).get('/api/health').expect(200);
      expect(res.body.status).toBe('degraded');
      expect(res.body.services).toMatchObject({ database: 'healthy', redis: 'unhealthy' });
      const user = await t.createUser();
      const { token } = await t.tokenFor(user);
      await request(t.app).get('/api/v1/notifications').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await t.close();
    }
  });

  it('uses the in-process stores without REDIS_URL and counts them healthy', async () => {
    const t = await buildTestApp({ redis: false });
    try {
      const res = await request(t.app).get('/api/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', services: { redis: 'healthy' } });
      expect(t.container.cache.kind).toBe('memory');
    } finally {
      await t.close();
    }
  });

  it('answers 503 with status error when the database is down', async () => {
    const t = await buildTestApp();
    try {
      await t.container.db.close();
      const res = await request(t.app).get('/api/health').expect(503);
      expect(res.body.status).toBe('error');
      expect(res.body.services.database).toBe('unhealthy');
    } finally {
      await t.close();
    }
  });
});
