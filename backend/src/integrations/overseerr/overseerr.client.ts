import { z } from 'zod';
import type { Logger } from '../../logging/logger';
import { NotConfiguredError } from '../../common/errors';
import type { Metrics } from '../../common/metrics';
import { type Query, UpstreamClient } from '../http/upstream-client';
import { UpstreamBadAnswerError, UpstreamHttpError, UpstreamUnreachableError } from '../http/upstream-errors';
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
  userSchema,
} from './overseerr.schemas';

export const SERVICE = 'overseerr';
/** Any JSON value: a 2xx body that is not JSON at all (an HTML page, garbage) is a bad answer. */
const anyJson = z.json();

/** Overseerr answered with a non-2xx status. Unhandled, it renders as 503 naming Overseerr. */
export class OverseerrHttpError extends UpstreamHttpError {
  constructor(
    upstreamStatus: number,
    readonly upstreamMessage: string,
    /** True when the answer came from the API-key check rather than the route (wrong key or unknown X-API-User). */
    readonly authFailure: boolean,
    body?: unknown,
  ) {
    super(SERVICE, upstreamStatus, body, authFailure ? 'Overseerr rejected MediaNest\u2019s API key; an admin should check the settings.' : undefined);
  }
}

/** Overseerr could not be reached, or did not answer completely in time. */
export class OverseerrUnreachableError extends UpstreamUnreachableError {
  constructor(
    /** The request may have reached Overseerr (timeout, reset): a POST may have taken effect. */
    maybeDelivered: boolean,
    reason = 'unreachable',
  ) {
    super(SERVICE, reason, maybeDelivered);
  }
}

/** Where Overseerr is and its API key, read from the effective settings on every call. */
export interface OverseerrConnectionSource {
  get(): Promise<{ overseerr: { url?: string | null; apiKey?: string | null } }>;
}

export interface OverseerrClientOptions {
  settings: OverseerrConnectionSource;
  metrics: Metrics;
  logger: Logger;
  timeoutMs?: number;
  /** Circuit breaker per Overseerr URL: consecutive failures that open it (default 5) and its cool-down (default 30 s). */
  failureThreshold?: number;
  cooldownMs?: number;
  clock?: () => number;
}

interface CallOptions {
  query?: Query;
  body?: unknown;
  /** Overseerr user id to act as (`X-API-User`): their permissions, quotas and auto-approval apply. */
  asUser?: number;
}

/**
 * Client of the Overseerr API v1 (also Seerr and Jellyseerr, which keep it):
 * its endpoints and schemas only; the transport is the UpstreamClient's.
 * Base URL and API key are read from the effective settings on every call,
 * so an admin's change applies at once. Every 5xx counts against Overseerr,
 * including its catch-all "Unable to retrieve movie." (which is also what a
 * TMDB outage looks like; docs/UPSTREAMS.md C7).
 */
export class OverseerrClient {
  /** Per-call timeout; tests shorten it. */
  timeoutMs: number;
  /** Settings of circuit breakers created from now on (tests shorten the cool-down). */
  circuit: { failureThreshold?: number; cooldownMs?: number };
  /** One transport (and so one breaker) per Overseerr URL, so a dead old URL says nothing about a new one. */
  private readonly transports = new Map<string, UpstreamClient>();

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

  /** The query is percent-encoded strictly: Overseerr answers 400 to raw reserved characters such as `*` or `'`. */
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

  /**
   * False when Overseerr no longer knows the request (already gone is as good as deleted).
   * With `asUser`, Overseerr checks that this user may delete it (their own pending request).
   */
  async deleteRequest(id: number, asUser?: number): Promise<boolean> {
    try {
      await this.call('DELETE', `/request/${id}`, { asUser });
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

  /**
   * A page of users in id order. `sort=created` falls through to Overseerr's
   * default order (by id), which stays put while users sign in; `updated`
   * would move a user between pages and skip or repeat someone.
   */
  async listUsers(take: number, skip: number) {
    return this.parse(userListSchema, (await this.call('GET', '/user', { query: { take, skip, sort: 'created' } })).data);
  }

  /**
   * Imports Plex users into Overseerr (UPSTREAMS G7): ids are sent as strings,
   * the answer lists only the users it newly created (without plexId or email).
   */
  async importFromPlex(plexIds: string[]) {
    return this.parse(z.array(userSchema), (await this.call('POST', '/user/import-from-plex', { body: { plexIds } })).data);
  }

  private parse<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
    const result = schema.safeParse(data);
    if (!result.success) {
      this.options.logger.warn('overseerr sent an answer of an unexpected shape', { issues: result.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) });
      throw new UpstreamBadAnswerError(SERVICE, 'unexpected answer', 'Overseerr sent an answer MediaNest does not understand.');
    }
    return result.data;
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, options: CallOptions = {}): Promise<{ status: number; data: unknown }> {
    const { url, apiKey } = (await this.options.settings.get()).overseerr;
    if (!url || !apiKey) throw new NotConfiguredError(SERVICE);
    const headers: Record<string, string> = { accept: 'application/json', 'x-api-key': apiKey };
    if (options.asUser !== undefined) headers['x-api-user'] = String(options.asUser);
    const http = this.transport(url);
    try {
      const res = await http.send({ method, path: `/api/v1${path}`, query: options.query, headers, body: options.body });
      if (res.status >= 200 && res.status < 300) return { status: res.status, data: res.body.length === 0 ? undefined : http.parse(anyJson, res, path) };
      throw http.httpError(res);
    } catch (err) {
      throw translate(err);
    }
  }

  private transport(url: string): UpstreamClient {
    let http = this.transports.get(url);
    if (!http) {
      http = new UpstreamClient({
        service: SERVICE,
        baseUrl: url,
        timeoutMs: () => this.timeoutMs,
        metrics: this.options.metrics,
        logger: this.options.logger,
        breaker: UpstreamClient.breaker({ service: SERVICE, ...this.circuit, clock: this.options.clock, logger: this.options.logger }),
      });
      this.transports.set(url, http);
    }
    return http;
  }
}


/** The layer's errors, in the Overseerr-specific forms the media module reads. */
function translate(err: unknown): unknown {
  if (err instanceof UpstreamUnreachableError && !(err instanceof OverseerrUnreachableError)) return new OverseerrUnreachableError(err.maybeDelivered, err.reason);
  if (err instanceof UpstreamHttpError && !(err instanceof OverseerrHttpError)) {
    const body = errorBodySchema.safeParse(err.body);
    const message = (body.success ? (body.data.message ?? body.data.error) : undefined) ?? `HTTP ${err.upstreamStatus}`;
    // The API-key check answers `{status, error}` (a wrong key, or an X-API-User naming no user); routes answer `{message}`.
    const authFailure =
      err.upstreamStatus === 401
        ? body.success && body.data.message?.includes('connect.sid') === true
        : err.upstreamStatus === 403 && body.success && body.data.error !== undefined;
    return new OverseerrHttpError(err.upstreamStatus, message, authFailure, err.body);
  }
  return err;
}
