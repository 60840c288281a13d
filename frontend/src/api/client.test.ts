import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors';
import { apiError, createFetchMock, json, sequence } from '../test/fetchMock';
import { alice, session } from '../test/fixtures';
import { createTestClient } from '../test/renderApp';

describe('ApiClient', () => {
  it('refreshes the access token once after a 401 and retries the call with the new token', async () => {
    const mock = createFetchMock({
      'GET /api/v1/services': (call) =>
        call.headers.Authorization === 'Bearer access-2' ? json(200, { items: [] }) : apiError(401, 'UNAUTHENTICATED'),
      'POST /api/v1/auth/refresh': json(200, session(alice, 'access-2')),
    });
    const client = createTestClient(mock.fetch);
    client.startSession(session(alice, 'access-1'));

    await expect(client.request('/services')).resolves.toEqual({ items: [] });

    const calls = mock.callsTo('GET', '/api/v1/services');
    expect(calls.map((call) => call.headers.Authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(mock.callsTo('POST', '/api/v1/auth/refresh')).toHaveLength(1);
    expect(client.getSnapshot().status).toBe('signedIn');
  });

  it('shares one refresh between calls that fail at the same time', async () => {
    const mock = createFetchMock({
      'GET /api/v1/services': (call) =>
        call.headers.Authorization === 'Bearer access-2' ? json(200, { items: [] }) : apiError(401, 'UNAUTHENTICATED'),
      'POST /api/v1/auth/refresh': async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return json(200, session(alice, 'access-2'));
      },
    });
    const client = createTestClient(mock.fetch);
    client.startSession(session(alice, 'access-1'));

    await Promise.all([client.request('/services'), client.request('/services'), client.request('/services')]);

    expect(mock.callsTo('POST', '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('serializes the refresh across tabs with a Web Lock', async () => {
    const mock = createFetchMock({ 'POST /api/v1/auth/refresh': json(200, session(alice, 'access-2')) });
    const names: string[] = [];
    const locks = {
      request: vi.fn((name: string, callback: () => Promise<boolean>) => {
        names.push(name);
        return callback();
      }),
    } as unknown as LockManager;
    const client = createTestClient(mock.fetch, { locks });

    await expect(client.refresh()).resolves.toBe(true);

    expect(names).toEqual(['medianest-auth-refresh']);
    expect(client.token).toBe('access-2');
  });

  it('ends the session when the refresh is refused, and says why', async () => {
    const mock = createFetchMock({
      'GET /api/v1/services': apiError(401, 'UNAUTHENTICATED'),
      'POST /api/v1/auth/refresh': apiError(401, 'UNAUTHENTICATED'),
    });
    const client = createTestClient(mock.fetch);
    client.startSession(session(alice));

    await expect(client.request('/services')).rejects.toMatchObject({ status: 401 });

    expect(client.getSnapshot()).toMatchObject({ status: 'signedOut', user: null, reason: 'expired' });
    expect(client.token).toBeNull();
    expect(mock.callsTo('GET', '/api/v1/services')).toHaveLength(1);
  });

  it('resumes a session silently on start-up from the refresh cookie', async () => {
    const mock = createFetchMock({ 'POST /api/v1/auth/refresh': json(200, session(alice, 'access-9')) });
    const client = createTestClient(mock.fetch);

    await client.restore();

    expect(client.getSnapshot()).toMatchObject({ status: 'signedIn', user: { username: 'alice' } });
    expect(client.token).toBe('access-9');
  });

  it('turns a refused connection into a NETWORK_ERROR ApiError', async () => {
    const mock = createFetchMock({ 'GET /api/v1/services': () => 'network-error' });
    const client = createTestClient(mock.fetch);
    client.startSession(session(alice));

    const error = await client.request('/services').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
  });

  it('reads the error shape and Retry-After of a 429', async () => {
    const mock = createFetchMock({
      'POST /api/v1/media/requests': apiError(429, 'RATE_LIMITED', 'Too many', {}, { 'Retry-After': '120' }),
    });
    const client = createTestClient(mock.fetch);
    client.startSession(session(alice));

    const error = (await client.request('/media/requests', { method: 'POST', body: {} }).catch((caught: unknown) => caught)) as ApiError;

    expect(error.code).toBe('RATE_LIMITED');
    expect(error.requestId).toBe('req-test');
    expect(error.retryAfterSeconds).toBe(120);
    expect(error.retryAt!.getTime() - error.receivedAt).toBe(120_000);
  });

  it('marks the user as needing a password change when the server says so', async () => {
    const mock = createFetchMock({ 'GET /api/v1/services': apiError(403, 'PASSWORD_CHANGE_REQUIRED') });
    const client = createTestClient(mock.fetch);
    client.startSession(session(alice));

    await expect(client.request('/services')).rejects.toBeInstanceOf(ApiError);

    expect(client.getSnapshot().user?.mustChangePassword).toBe(true);
  });

  it('signs out other tabs when signing out', async () => {
    const mock = createFetchMock({ 'POST /api/v1/auth/logout': json(204), 'POST /api/v1/auth/refresh': sequence(json(401)) });
    const channel = { postMessage: vi.fn(), addEventListener: vi.fn(), close: vi.fn() };
    const client = createTestClient(mock.fetch, { channel });
    client.startSession(session(alice));

    await client.logout();

    expect(mock.callsTo('POST', '/api/v1/auth/logout')[0]?.headers.Authorization).toBe('Bearer access-1');
    expect(channel.postMessage).toHaveBeenCalledWith('logout');
    expect(client.getSnapshot()).toMatchObject({ status: 'signedOut', reason: 'logout' });
  });
});
