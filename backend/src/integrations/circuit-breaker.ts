import { ServiceUnavailableError } from '../common/errors';
import type { Logger } from '../logging/logger';

export type CircuitState = 'closed' | 'open' | 'half-open';

export const DEFAULT_FAILURE_THRESHOLD = 5;
export const DEFAULT_COOLDOWN_MS = 30_000;

export interface CircuitBreakerOptions {
  /** Upstream name, as in `ServiceUnavailableError(service)` and the logs. */
  service: string;
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long an open circuit refuses calls before one trial call is let through (default 30 s). */
  cooldownMs?: number;
  clock?: () => number;
  logger?: Logger;
  /**
   * Whether an error means the upstream is unhealthy (unreachable, timed out,
   * 5xx). Answers such as a 404 or a 4xx prove it is alive and reset the count.
   * Default: every error counts.
   */
  isFailure?: (err: unknown) => boolean;
  /** The error thrown while the circuit is open (default ServiceUnavailableError(service)). */
  openError?: () => Error;
}

/**
 * Stops hammering an upstream that is down. Closed: calls go through and
 * consecutive failures are counted. After `failureThreshold` of them the
 * circuit opens: calls fail at once without touching the upstream, so a dead
 * Plex or Overseerr costs each request microseconds instead of a timeout and
 * does not pile up sockets. After `cooldownMs` it is half-open: exactly one
 * trial call goes through (others still fail fast); its success closes the
 * circuit, its failure opens it for another cool-down.
 */
export class CircuitBreaker {
  readonly service: string;
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  private failures = 0;
  private openedAt = 0;
  private current: CircuitState = 'closed';
  private trialInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.service = options.service;
    this.threshold = Math.max(1, options.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD);
    this.cooldownMs = Math.max(0, options.cooldownMs ?? DEFAULT_COOLDOWN_MS);
    this.now = options.clock ?? Date.now;
  }

  /** The state as a caller arriving now would find it (open turns half-open once the cool-down is over). */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.cooldownMs) return 'half-open';
    return this.current;
  }

  /** Consecutive failures counted while closed. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) throw this.rejection();
    const isTrial = state === 'half-open';
    if (isTrial) {
      this.current = 'half-open';
      this.trialInFlight = true;
    }
    try {
      const result = await call();
      this.onSuccess();
      return result;
    } catch (err) {
      if (this.countsAsFailure(err)) this.onFailure(isTrial);
      else this.onSuccess();
      throw err;
    } finally {
      if (isTrial) this.trialInFlight = false;
    }
  }

  private countsAsFailure(err: unknown): boolean {
    return this.options.isFailure ? this.options.isFailure(err) : true;
  }

  private onSuccess(): void {
    if (this.current !== 'closed') this.options.logger?.info('upstream answers again; circuit closed', { service: this.service });
    this.current = 'closed';
    this.failures = 0;
  }

  private onFailure(wasTrial: boolean): void {
    this.failures += 1;
    // Only a failure of the trial reopens a half-open circuit; late failures of calls started before it opened change nothing.
    if (wasTrial || (this.current === 'closed' && this.failures >= this.threshold)) {
      if (this.current === 'closed') {
        this.options.logger?.warn('upstream keeps failing; circuit open, calls fail fast for a while', {
          service: this.service,
          failures: this.failures,
          cooldownMs: this.cooldownMs,
        });
      }
      this.current = 'open';
      this.openedAt = this.now();
    }
  }

  private rejection(): Error {
    return this.options.openError ? this.options.openError() : new ServiceUnavailableError(this.service);
  }
}
