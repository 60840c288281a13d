/**
 * Every error code the API answers with. The OpenAPI document lists them as
 * the enum of `error.code`, and the web app's ErrorCode type is generated
 * from it, so a new code is added here once.
 */
export const ERROR_CODES = [
  'VALIDATION_ERROR',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_SUSPENDED',
  'FORBIDDEN',
  'PASSWORD_CHANGE_REQUIRED',
  'PLEX_ACCESS_DENIED',
  'QUOTA_EXCEEDED',
  'NOT_FOUND',
  'CONFLICT',
  'DUPLICATE_REQUEST',
  'NOT_PENDING',
  'PLEX_NOT_LINKED',
  'CONNECTION_TEST_FAILED',
  'PIN_EXPIRED',
  'INVITE_REVOKED',
  'INVITE_EXPIRED',
  'INVITE_USED_UP',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'RESPONSE_CONTRACT_VIOLATION',
  'NOT_CONFIGURED',
  'SERVICE_UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Typed errors that the error middleware renders in the contract's shape. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: { details?: unknown[]; service?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message = 'The request is not valid.', details?: unknown[]) {
    super(400, 'VALIDATION_ERROR', message, { details });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to continue.', code: 'UNAUTHENTICATED' | 'INVALID_CREDENTIALS' | 'ACCOUNT_SUSPENDED' = 'UNAUTHENTICATED') {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(
    message = 'You do not have permission to do that.',
    code: 'FORBIDDEN' | 'PASSWORD_CHANGE_REQUIRED' | 'PLEX_ACCESS_DENIED' | 'QUOTA_EXCEEDED' = 'FORBIDDEN',
  ) {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found.') {
    super(404, 'NOT_FOUND', message);
  }
}

export class ConflictError extends AppError {
  constructor(message = 'That conflicts with the current state.', code: 'CONFLICT' | 'DUPLICATE_REQUEST' | 'NOT_PENDING' | 'PLEX_NOT_LINKED' = 'CONFLICT') {
    super(409, code, message);
  }
}

/** Settings that were tested before saving and did not work; `details` names the cause. */
export class ConnectionTestFailedError extends AppError {
  constructor(message: string, cause: string) {
    super(422, 'CONNECTION_TEST_FAILED', message, { details: [{ cause }] });
  }
}

export class GoneError extends AppError {
  constructor(message = 'The Plex PIN has expired; start the sign-in again.', code: ErrorCode = 'PIN_EXPIRED') {
    super(410, code, message);
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, message = 'Too many requests; try again later.') {
    super(429, 'RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}

export class NotConfiguredError extends AppError {
  constructor(service: string, message = `${service} is not configured yet; an admin can set it up in Settings.`) {
    super(503, 'NOT_CONFIGURED', message, { service });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(service: string, message = `${service} is not reachable right now; try again in a moment.`) {
    super(503, 'SERVICE_UNAVAILABLE', message, { service });
  }
}
