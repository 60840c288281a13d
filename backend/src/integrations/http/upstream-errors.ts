import { ServiceUnavailableError } from '../../common/errors';

/**
 * Every way a call to an upstream can fail. Each is a 503 naming the service
 * when nothing handles it, so a broken upstream never surfaces as a 500.
 */
export class UpstreamError extends ServiceUnavailableError {
  constructor(
    service: string,
    /** Short operator-facing reason (logs, service checks); never contains URLs, headers or bodies. */
    readonly reason: string,
    message?: string,
  ) {
    super(service, message);
  }
}

/**
 * No usable answer: refused or reset connection, no complete answer before the
 * deadline, an answer past the size cap, a truncated body, or an open circuit.
 */
export class UpstreamUnreachableError extends UpstreamError {
  constructor(
    service: string,
    reason: string,
    /** The request may have reached the upstream (a POST may have taken effect). */
    readonly maybeDelivered: boolean,
    message?: string,
  ) {
    super(service, reason, message);
  }
}

/** A complete answer with a non-2xx status (a 5xx never reaches callers as a value). */
export class UpstreamHttpError extends UpstreamError {
  constructor(
    service: string,
    /** The upstream's HTTP status (`status` is the 503 MediaNest answers with). */
    readonly upstreamStatus: number,
    /** The answer's body: parsed JSON when it was JSON, else its text (for error messages the upstream sends). */
    readonly body: unknown,
    message?: string,
  ) {
    super(service, `HTTP ${upstreamStatus}`, message);
  }
}

/** A 2xx answer that is not what was asked for: not JSON, HTML, wrong types, or a redirect not followed. */
export class UpstreamBadAnswerError extends UpstreamError {}

/**
 * Whether an error means the upstream is unhealthy (for the circuit breaker):
 * no answer, garbage, or a 5xx. A 4xx shows it is alive and working.
 */
export function isUpstreamOutage(err: unknown): boolean {
  if (err instanceof UpstreamUnreachableError || err instanceof UpstreamBadAnswerError) return true;
  return err instanceof UpstreamHttpError && err.upstreamStatus >= 500;
}
