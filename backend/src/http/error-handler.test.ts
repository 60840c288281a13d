import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CODES, NotConfiguredError, RateLimitedError, ValidationError } from '../common/errors';
import { UpstreamBadAnswerError, UpstreamHttpError, UpstreamUnreachableError } from '../integrations/http/upstream-errors';
import type { Logger } from '../logging/logger';
import { errorHandler, notFoundHandler } from './error-handler';

interface Rendered {
  status?: number;
  body?: { error: { code: string; message: string; requestId: string; service?: string; details?: unknown[] } };
  headers: Record<string, string>;
  next?: unknown;
  logged: Array<[string, string, Record<string, unknown>]>;
}

/** A minimal response object that records into `out` what is rendered on it. */
function recordingResponse(out: Rendered, requestId: string, headersSent = false): Response {
  return {
    headersSent,
    locals: { requestId },
    setHeader: (k: string, v: string) => (out.headers[k] = v),
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: Rendered['body']) {
      out.body = body;
      return this;
    },
  } as unknown as Response;
}

/** Runs the error handler on `err` with a minimal response object and records what it renders and logs. */
function render(err: unknown, headersSent = false): Rendered {
  const out: Rendered = { headers: {}, logged: [] };
  const log = (level: string) => (message: string, meta: Record<string, unknown>) => out.logged.push([level, message, meta]);
  const logger = { warn: log('warn'), error: log('error'), info: log('info'), debug: log('debug') } as unknown as Logger;
  const res = recordingResponse(out, 'req-1', headersSent);
  const next = ((e: unknown) => (out.next = e)) as NextFunction;
  errorHandler(logger)(err, { method: 'GET', path: '/x' } as Request, res, next);
  return out;
}

describe('upstream errors become the contract\u2019s 503', () => {
  it('no answer, a bad answer and an HTTP error all render SERVICE_UNAVAILABLE naming the service, and nothing of the upstream', () => {
    for (const err of [
      new UpstreamUnreachableError('overseerr', 'ECONNREFUSED', false),
      new UpstreamUnreachableError('plex', 'answer larger than 4194304 bytes', true),
      new UpstreamBadAnswerError('plex', 'redirected elsewhere'),
      new UpstreamHttpError('overseerr', 500, { message: 'secret stack at /srv/overseerr' }),
      new UpstreamHttpError('overseerr', 401, 'Unauthorized', 'Overseerr rejected MediaNest\u2019s API key; an admin should check the settings.'),
    ]) {
      const out = render(err);
      expect(out.status).toBe(503);
      expect(out.body!.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: err.extra.service, requestId: 'req-1' });
      const text = JSON.stringify(out.body);
      expect(text).not.toContain('secret stack');
      expect(text).not.toContain('ECONNREFUSED');
      expect(text).not.toContain('redirected');
      expect(out.logged).toEqual([['warn', 'request failed', expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', service: err.extra.service })]]);
    }
    expect(render(new UpstreamHttpError('overseerr', 401, 'x', 'Overseerr rejected MediaNest\u2019s API key; an admin should check the settings.')).body!.error.message).toContain('API key');
  });

  it('not configured is a 503 of its own code', () => {
    expect(render(new NotConfiguredError('overseerr'))).toMatchObject({ status: 503, body: { error: { code: 'NOT_CONFIGURED', service: 'overseerr' } } });
  });
});

describe('other errors', () => {
  it('typed errors keep their status, code, details and Retry-After', () => {
    expect(render(new ValidationError('Bad.', [{ path: 'a', message: 'm' }]))).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR', message: 'Bad.', details: [{ path: 'a', message: 'm' }] } } });
    const limited = render(new RateLimitedError(12.2, 'Slow down.'));
    expect(limited).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } }, headers: { 'Retry-After': '13' } });
  });

  it('a zod error is a 400 with one detail per issue', () => {
    const parsed = z.object({ a: z.number(), b: z.object({ c: z.string() }) }).safeParse({ a: 'x', b: {} });
    const out = render(parsed.error);
    expect(out.status).toBe(400);
    expect(out.body!.error.code).toBe('VALIDATION_ERROR');
    expect(out.body!.error.details).toEqual([
      { path: 'a', message: expect.any(String) },
      { path: 'b.c', message: expect.any(String) },
    ]);
  });

  it('body-parser errors map to 413, 400 and 415; other 4xx keep their status', () => {
    expect(render({ status: 413, type: 'entity.too.large' })).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(render({ status: 400, type: 'entity.parse.failed' })).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_ERROR', message: 'The request body is not valid JSON.' } } });
    expect(render({ statusCode: 415, type: 'encoding.unsupported' })).toMatchObject({ status: 415, body: { error: { code: 'VALIDATION_ERROR' } } });
    expect(render({ status: 404 })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('a database outage is a 503 naming the database; anything unknown a 500 without internals', () => {
    expect(render(new Error('Connection terminated unexpectedly'))).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE', service: 'database' } } });
    const out = render(new TypeError('Cannot read properties of undefined (reading "x") at /srv/app.js:1'));
    expect(out.status).toBe(500);
    expect(out.body!.error.code).toBe('INTERNAL_ERROR');
    expect(JSON.stringify(out.body)).not.toContain('/srv/app.js');
    expect(out.logged[0]?.[0]).toBe('error');
    // A 5xx from a parser is not a client error: it is rendered as an internal one.
    expect(render({ status: 502 }).status).toBe(500);
  });

  it('once the answer has started, the error goes to Express instead', () => {
    const err = new Error('late');
    const out = render(err, true);
    expect(out.next).toBe(err);
    expect(out.status).toBeUndefined();
  });

  it('every code rendered is in the contract\u2019s list', () => {
    for (const code of ['SERVICE_UNAVAILABLE', 'NOT_CONFIGURED', 'VALIDATION_ERROR', 'PAYLOAD_TOO_LARGE', 'RATE_LIMITED', 'INTERNAL_ERROR', 'NOT_FOUND']) {
      expect(ERROR_CODES).toContain(code);
    }
  });

  it('an unknown route is a 404 NOT_FOUND', () => {
    const out: Rendered = { headers: {}, logged: [] };
    void notFoundHandler()({} as Request, recordingResponse(out, 'r'), () => undefined);
    expect(out).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', requestId: 'r' } } });
  });
});
