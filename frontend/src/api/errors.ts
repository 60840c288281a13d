import type { ErrorBody, ErrorCode } from './types';

/** The server's codes (generated from its OpenAPI document) and the two the client makes itself. */
type ApiErrorCode = ErrorCode | typeof NETWORK_ERROR | `HTTP_${number}`;

/** An API answer outside 2xx, or a request that never reached the server (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly requestId: string | undefined;
  readonly service: string | undefined;
  readonly details: unknown[] | undefined;
  /** Seconds until the limit resets, from `Retry-After` on 429 answers. */
  readonly retryAfterSeconds: number | undefined;
  /** When the error was received, to turn `retryAfterSeconds` into a clock time. */
  readonly receivedAt: number;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    requestId?: string | undefined;
    service?: string | undefined;
    details?: unknown[] | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.service = init.service;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.receivedAt = Date.now();
  }

  /** When a rate limit resets, if the server said. */
  get retryAt(): Date | undefined {
    return this.retryAfterSeconds === undefined ? undefined : new Date(this.receivedAt + this.retryAfterSeconds * 1000);
  }
}

export const NETWORK_ERROR = 'NETWORK_ERROR' as const;

/** True when an upstream (e.g. Overseerr) is down or not set up, per the error's `service`. */
export function isServiceDown(error: unknown, service: string): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status !== 503) return false;
  return error.code === 'NOT_CONFIGURED' || error.service === undefined || error.service === service;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | undefined;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  return new ApiError({
    status: response.status,
    code: error?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : `HTTP_${response.status}`),
    message: error?.message ?? (response.statusText || 'The server returned an error.'),
    requestId: error?.requestId ?? response.headers.get('X-Request-Id') ?? undefined,
    service: error?.service,
    details: error?.details,
    retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
  });
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError({
    status: 0,
    code: NETWORK_ERROR,
    message: 'MediaNest could not be reached.',
  });
  (error as Error & { cause?: unknown }).cause = cause;
  return error;
}

function formatClock(date: Date): string {
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} seconds`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours === 1 ? 'about an hour' : `about ${hours} hours`;
}

/** "at 14:32 (in 12 minutes)" for a 429, or an empty string when the server gave no time. */
export function describeReset(error: ApiError): string {
  const at = error.retryAt;
  if (!at || error.retryAfterSeconds === undefined) return '';
  return `at ${formatClock(at)} (in ${formatWait(error.retryAfterSeconds)})`;
}

const SERVICE_NAMES: Record<string, string> = { plex: 'Plex', overseerr: 'Overseerr', uptimeKuma: 'Uptime Kuma' };

export function serviceName(id: string): string {
  return SERVICE_NAMES[id] ?? id;
}

/** A plain-language explanation of any error, with what the user can do next. */
export function describeError(error: unknown): { title: string; message: string } {
  if (!(error instanceof ApiError)) {
    return { title: 'Something went wrong', message: 'An unexpected error happened. Reload the page and try again.' };
  }
  const service = error.service ? (SERVICE_NAMES[error.service] ?? error.service) : 'A connected service';
  switch (error.code) {
    case NETWORK_ERROR:
      return {
        title: "Can't reach MediaNest",
        message: 'Check your internet connection, then try again. If it keeps happening the server may be restarting.',
      };
    case 'RATE_LIMITED': {
      const reset = describeReset(error);
      return {
        title: 'Slow down a little',
        message: reset ? `You've hit a limit. You can try again ${reset}.` : "You've hit a limit. Wait a minute and try again.",
      };
    }
    case 'SERVICE_UNAVAILABLE':
      return { title: `${service} isn't answering`, message: `${service} is down or too slow right now. Try again in a few minutes.` };
    case 'NOT_CONFIGURED':
      return {
        title: error.service ? `${serviceName(error.service)} is not configured` : 'Not set up yet',
        message: 'This feature needs a server that an admin has not configured yet.',
      };
    case 'NOT_FOUND':
      return { title: 'Not found', message: "This doesn't exist, or it was removed. Go back and pick something else." };
    case 'FORBIDDEN':
      return { title: 'Not allowed', message: "Your account doesn't have access to this. Ask an admin if you need it." };
    case 'UNAUTHENTICATED':
      return { title: 'Signed out', message: 'Your session ended. Sign in again to continue.' };
    case 'VALIDATION_ERROR':
      return { title: 'Check what you entered', message: isBareCode(error.message) ? 'Something in the form is not valid; check it and try again.' : error.message };
    default:
      if (error.status >= 500) {
        return {
          title: 'The server had a problem',
          message: `Try again in a moment. If it keeps happening, tell your admin${error.requestId ? ` (reference ${error.requestId})` : ''}.`,
        };
      }
      // The server's message is written for people; a bare code (e.g. "HTTP_418") is not.
      return { title: 'That did not work', message: isBareCode(error.message) ? 'Try again in a moment.' : error.message };
  }
}

/** A message that is only a code (e.g. "HTTP_418"), not words written for people. */
function isBareCode(message: string): boolean {
  return /^[A-Z][A-Z0-9_]+$/.test(message.trim());
}
