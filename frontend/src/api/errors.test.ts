import { describe, expect, it } from 'vitest';
import { ApiError, describeError } from './errors';
import type { ErrorCode } from './types';

/** Every code the server can send (the generated contract); the type check below fails when one is missing. */
const CODES = [
  'VALIDATION_ERROR', 'UNAUTHENTICATED', 'INVALID_CREDENTIALS', 'ACCOUNT_SUSPENDED', 'FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED',
  'PLEX_ACCESS_DENIED', 'QUOTA_EXCEEDED', 'NOT_FOUND', 'CONFLICT', 'DUPLICATE_REQUEST', 'NOT_PENDING', 'PLEX_NOT_LINKED',
  'CONNECTION_TEST_FAILED', 'PIN_EXPIRED', 'INVITE_REVOKED', 'INVITE_EXPIRED', 'INVITE_USED_UP', 'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED', 'INTERNAL_ERROR', 'RESPONSE_CONTRACT_VIOLATION', 'NOT_CONFIGURED', 'SERVICE_UNAVAILABLE',
] as const satisfies readonly ErrorCode[];
type Missing = Exclude<ErrorCode, (typeof CODES)[number]>;
const everyCodeListed: [Missing] extends [never] ? true : Missing = true;

const BARE_CODE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/;

describe('describeError', () => {
  it('never shows a raw error code, even when the server sent nothing better', () => {
    expect(everyCodeListed).toBe(true);
    for (const code of CODES) {
      for (const status of [400, 403, 404, 409, 429, 500, 503]) {
        const shown = describeError(new ApiError({ status, code, message: code, requestId: 'req-1', service: 'overseerr' }));
        expect(`${shown.title} ${shown.message}`, `${code} ${status}`).not.toMatch(BARE_CODE);
        expect(shown.title.length).toBeGreaterThan(0);
        expect(shown.message.length).toBeGreaterThan(0);
      }
    }
    expect(describeError(new ApiError({ status: 418, code: 'HTTP_418', message: 'HTTP_418' })).message).not.toMatch(BARE_CODE);
  });

  it("keeps the server's own words when they are written for people", () => {
    const shown = describeError(new ApiError({ status: 400, code: 'VALIDATION_ERROR', message: 'The title must be at most 300 characters.' }));
    expect(shown).toEqual({ title: 'Check what you entered', message: 'The title must be at most 300 characters.' });
  });
});
