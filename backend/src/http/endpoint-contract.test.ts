import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiRegistry } from './endpoint';
import type { SessionVerifier } from './authenticate';

/** Public routes never ask the session verifier. */
const noSessions = {} as SessionVerifier;

function appWith(validateResponses: boolean, answer: { status: number; body: unknown }) {
  const api = new ApiRegistry(noSessions, { validateResponses });
  const app = express();
  app.get(
    '/thing',
    ...api.endpoint(
      { method: 'get', path: '/thing', summary: 'A thing', tags: ['Test'], access: 'public', responses: { 200: { description: 'The thing', schema: z.object({ n: z.number().int() }) } } },
      async ({ res }) => {
        res.status(answer.status).json(answer.body);
      },
    ),
  );
  return app;
}

describe('responses checked against their declared schema', () => {
  it('lets an answer that matches its schema through', async () => {
    const res = await request(appWith(true, { status: 200, body: { n: 3 } })).get('/thing');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ n: 3 });
  });

  it('turns an answer that does not match into a 500 naming the mismatch', async () => {
    const res = await request(appWith(true, { status: 200, body: { n: 'three' } })).get('/thing');
    expect(res.status).toBe(500);
    expect(res.body.error).toMatchObject({ code: 'RESPONSE_CONTRACT_VIOLATION', message: expect.stringContaining('GET /thing 200: n:') });
  });

  it('refuses a success status the route does not declare, and an error without the contract shape', async () => {
    const undeclared = await request(appWith(true, { status: 201, body: { n: 1 } })).get('/thing');
    expect(undeclared.status).toBe(500);
    expect(undeclared.body.error.message).toContain('answered 201, which it does not declare');
    const shapeless = await request(appWith(true, { status: 404, body: { oops: true } })).get('/thing');
    expect(shapeless.status).toBe(500);
    expect(shapeless.body.error.code).toBe('RESPONSE_CONTRACT_VIOLATION');
  });

  it('sends answers as they are when checking is off (production)', async () => {
    const res = await request(appWith(false, { status: 200, body: { n: 'three' } })).get('/thing');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ n: 'three' });
  });
});
