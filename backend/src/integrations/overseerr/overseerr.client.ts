import type { z } from 'zod';
import type { Metrics } from '../../http/metrics';
import { NotConfiguredError, ServiceUnavailableError } from '../../http/errors';
import type { Logger } from '../../logging/logger';
import type { SettingsService } from '../../modules/settings/settings.service';
import { CircuitBreaker } from '../circuit-breaker';
import {
  type CreateRequestBody,
  type DiscoverList,
  type OverseerrDetails,
  type OverseerrRequest,
  detailsSchema,
  discoverResponseSchema,
  errorBodySchema,
  overseerrRequestSchema,
  searchResponseSchema,
  quotaSchema,
  statusSchema,
  titleDetailsSchema,
  userListSchema,
} from './overseerr.schemas';

export const SERVICE = 'overseerr';

/** Overseerr answered with a non-2xx status. Unhandled, it renders as 503 naming Overseerr. */
export class OverseerrHttpError extends ServiceUnavailableError {
  constructor(
    readonly upstreamStatus: number,
    readonly upstreamMessage: string,
    /** True when the answer came from the API-key check rather than the route (wrong key or X-API-User). */
    readonly authFailure: boolean,
  ) {
    super(SERVICE, authFailure ? 'Overseerr rejected MediaNest\u2019s API key; an admin should check the settings.' : undefined);
  }
}

/** Overseerr could not be reached, or did not answer in time. */
export class OverseerrUnreachableError extends ServiceUnavailableError {
  constructor(
    /** The request may have reached Overseerr (timeout, reset): a POST may have taken effect. */
    readonly maybeDelivered: boolean,
  ) {
    super(SERVICE);
  }
}

export interface OverseerrClientOptions {
  settings: SettingsService;
  metrics: Metrics;
  logger: Logger;
  timeoutMs?: number;
  /** Circuit breaker per Overseerr URL: consecutive failures that open it (default 5) and its cool-down (default 30 s). */
  failureThreshold?: number;
  cooldownMs?: number;
  clock?: () => number;
}

// Overseerr turns TMDB's "no such title" into a 500 (UPSTREAMS C7): an answer about the title, not a sick upstream.
const UNKNOWN_TITLE = /^Unable to retrieve (movie|series)\.?$/;

/** No answer, or a 5xx other than an unknown title: Overseerr (or what it depends on) is not working. */
function isOutage(err: unknown): boolean {
  if (err instanceof OverseerrUnreachableError) return true;
  return err instanceof OverseerrHttpError && err.upstreamStatus >= 500 && !UNKNOWN_TITLE.test(err.upstreamMessage);
}

interface CallOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Overseerr user id to act as (`X-API-User`): their permissions, quotas and auto-approval apply. */
  asUser?: number;
}

// Connection errors that prove nothing was sent.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Client of the Overseerr API v1 (also Seerr and Jellyseerr, which keep it).
 * Base URL and API key are read from the effective settings on every call,
 * so an admin's change applies at once.
 */
export class OverseerrClient {
  /** Per-call timeout; tests shorten it. */
  timeoutMs: number;
  /** Settings of circuit breakers created from now on (tests shorten the cool-down). */
  circuit: { failureThreshold?: number; cooldownMs?: number };
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(private readonly options: OverseerrClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.circuit = { failureThreshold: options.failureThreshold, cooldownMs: options.cooldownMs };
  }

  async isConfigured(): Promise<boolean> {
    const { url, apiKey } = (await this.options.settings.get()).overseerr;
    return Boolean(url && apiKey);
  }

  async status() {
    return this.parse(statusSchema, (await this.call('GET', '/status')).data);
  }

  async search(query: string, page: number) {
    return this.parse(searchResponseSchema, (await this.call('GET', '/search', { query: { query, page } })).data);
  }

  async details(mediaType: 'movie' | 'tv', tmdbId: number): Promise<OverseerrDetails> {
    return this.parse(detailsSchema, (await this.call('GET', `/${mediaType}/${tmdbId}`)).data);
  }

  /** 201 with the new request, or 202 when every asked season is already requested or available. */
  async createRequest(body: CreateRequestBody, asUser?: number): Promise<{ status: number; request?: OverseerrRequest }> {
    const { status, data } = await this.call('POST', '/request', { body, asUser });
    return status === 201 ? { status, request: this.parse(overseerrRequestSchema, data) } : { status };
  }

  async getRequest(id: number): Promise<OverseerrRequest> {
    return this.parse(overseerrRequestSchema, (await this.call('GET', `/request/${id}`)).data);
  }

  /** False when Overseerr no longer knows the request (already gone is as good as deleted). */
  async deleteRequest(id: number): Promise<boolean> {
    try {
      await this.call('DELETE', `/request/${id}`);
      return true;
    } catch (err) {
      if (err instanceof OverseerrHttpError && err.upstreamStatus === 404) return false;
      throw err;
    }
  }

  /** One page of a discover list (UPSTREAMS G1); `page` is always sent. */
  async discover(list: DiscoverList, page: number) {
    return this.parse(discoverResponseSchema, (await this.call('GET', `/discover/${list}`, { query: { page } })).data);
  }

  /** Full movie or TV details for the title page (UPSTREAMS G2, G3). */
  async titleDetails(mediaType: 'movie' | 'tv', tmdbId: number) {
    return this.parse(titleDetailsSchema, (await this.call('GET', `/${mediaType}/${tmdbId}`)).data);
  }

  /** Approves or declines as `asUser` (their MANAGE_REQUESTS applies; UPSTREAMS G5). Any failure is a 404 there. */
  async setRequestStatus(id: number, action: 'approve' | 'decline', asUser?: number): Promise<OverseerrRequest> {
    return this.parse(overseerrRequestSchema, (await this.call('POST', `/request/${id}/${action}`, { asUser })).data);
  }

  /** A user's request quota (UPSTREAMS G6). */
  async quota(userId: number) {
    return this.parse(quotaSchema, (await this.call('GET', `/user/${userId}/quota`)).data);
  }

  async listUsers(take: number, skip: number) {
    return this.parse(userListSchema, (await this.call('GET', '/user', { query: { take, skip, sort: 'updated' } })).data);
  }

  private parse<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
    const result = schema.safeParse(data);
    if (!result.success) {
      this.options.logger.warn('overseerr sent an answer of an unexpected shape', { issues: result.error.issues.slice(0, 3) });
      throw new ServiceUnavailableError(SERVICE, 'Overseerr sent an answer MediaNest does not understand.');
    }
    return result.data;
  }

  private async call(method: string, path: string, options: CallOptions = {}): Promise<{ status: number; data: unknown }> {
    const { url, apiKey } = (await this.options.settings.get()).overseerr;
    if (!url || !apiKey) throw new NotConfiguredError(SERVICE);
    const target = new URL(`${url.replace(/\/+$/, '')}/api/v1${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) target.searchParams.set(name, String(value));
    // Overseerr decodes `+` in `query` literally on some versions; %20 is read correctly by all.
    const href = target.href.replace(/\+/g, '%20');
    const headers: Record<string, string> = { accept: 'application/json', 'x-api-key': apiKey };
    if (options.asUser !== undefined) headers['x-api-user'] = String(options.asUser);
    if (options.body !== undefined) headers['content-type'] = 'application/json';

    return this.breakerFor(url).run(() =>
      this.options.metrics.timeUpstream(SERVICE, async () => {
        let status: number;
        let text: string;
        try {
          const response = await fetch(href, {
            method,
            headers,
            body: options.body === undefined ? undefined : JSON.stringify(options.body),
            signal: AbortSignal.timeout(this.timeoutMs),
            redirect: 'error',
          });
          status = response.status;
          text = await response.text();
        } catch (err) {
          throw new OverseerrUnreachableError(!NOT_SENT_CODES.has(errorCode(err)));
        }
        const data = parseJson(text);
        if (status >= 200 && status < 300) return { status, data };
        const body = errorBodySchema.safeParse(data);
        const message = (body.success ? (body.data.message ?? body.data.error) : undefined) ?? `HTTP ${status}`;
        // The API-key check answers `{status, error}`; routes answer `{message}` (UPSTREAMS C).
        const authFailure = status === 401 ? body.success && body.data.message?.includes('connect.sid') === true : status === 403 && body.success && body.data.error !== undefined;
        throw new OverseerrHttpError(status, message, authFailure);
      }),
    );
  }

  /** One breaker per Overseerr URL, so a dead old URL says nothing about a new one an admin sets. */
  private breakerFor(url: string): CircuitBreaker {
    let breaker = this.breakers.get(url);
    if (!breaker) {
      breaker = new CircuitBreaker({
        service: SERVICE,
        ...this.circuit,
        clock: this.options.clock,
        logger: this.options.logger,
        isFailure: isOutage,
        // Nothing was sent, so a create can safely be reported as failed.
        openError: () => new OverseerrUnreachableError(false),
      });
      this.breakers.set(url, breaker);
    }
    return breaker;
  }
}

function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : '';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
