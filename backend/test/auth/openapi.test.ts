import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';

describe('OpenAPI document of the account routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it('documents every auth and admin route with its method', async () => {
    const res = await request(t.app).get('/api/docs/openapi.json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    const documented = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/v1/auth/plex/login',
        'POST /api/v1/auth/plex/login',
        'POST /api/v1/auth/plex/callback',
        'POST /api/v1/auth/plex/link',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/password',
        'POST /api/v1/auth/refresh',
        'POST /api/v1/auth/logout',
        'GET /api/v1/auth/me',
        'GET /api/v1/admin/users',
        'PATCH /api/v1/admin/users/{id}',
        'DELETE /api/v1/admin/users/{id}',
        'GET /api/v1/admin/audit-log',
        'GET /api/v1/admin/settings',
        'PUT /api/v1/admin/settings',
      ]),
    );
    const login = paths['/api/v1/auth/login']!.post as { requestBody: { content: { 'application/json': { schema: { required: string[] } } } } };
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
  });
});
