import type { z } from 'zod';
import type { Logger } from '../../logging/logger';
import type { Metrics } from '../../common/metrics';
import { CircuitBreaker } from '../circuit-breaker';
import { UpstreamBadAnswerError, UpstreamError, UpstreamHttpError, UpstreamUnreachableError, isUpstreamOutage } from './upstream-errors';

export const DEFAULT_TIMEOUT_MS = 5000;
/** Every JSON answer MediaNest reads is far smaller; a larger one is a broken or hostile upstream. */
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 3;
// Connection errors that prove nothing was sent.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export type Query = Record<string, string | number | boolean | undefined>;
type HeaderMap = Record<string, string>;

export interface UpstreamRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under the base URL, already encoded (ids go through encodeURIComponent). */
  path: string;
  /** Values are percent-encoded strictly (every reserved character), which every upstream accepts. */
  query?: Query;
  headers?: HeaderMap;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead of `body` (the caller sets its content type), e.g. an encrypted push message. */
  rawBody?: string | Uint8Array;
  /** Deadline for the whole exchange, body included (default: the client's). */
  timeoutMs?: number;
  /** Largest body accepted (default: the client's); the read stops as soon as it is passed. */
  maxBytes?: number;
  /** Follow redirects to the same host (default: a redirect is a failed call). */
  followRedirects?: boolean;
}

export interface UpstreamResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

export interface UpstreamClientOptions {
  /** Service named in errors (`SERVICE_UNAVAILABLE` with `service`) and by the circuit breaker. */
  service: string;
  /** Label of `medianest_upstream_request_duration_seconds` (default: `service`). */
  metricLabel?: string;
  baseUrl: string;
  /** Headers of every call (e.g. tokens), computed per call. */
  headers?: () => HeaderMap | Promise<HeaderMap>;
  /** Per-call deadline; a function so a test can shorten it on a live client. */
  timeoutMs?: number | (() => number);
  maxBytes?: number;
  metrics: Metrics;
  logger?: Logger;
  /** The upstream's circuit breaker; `null` for none (service checks must really probe). Default: one of its own. */
  breaker?: CircuitBreaker | null;
  /** The message of every 503 this client produces (default: ServiceUnavailableError's). */
  unavailableMessage?: string;
}

/**
 * The one path of every outbound HTTP call to plex.tv, Plex Media Server,
 * Overseerr, Uptime Kuma and notification channel targets: base URL and headers, one deadline that covers
 * the whole answer (not just its headers), a size cap enforced while the body
 * streams in, no redirects unless a call asks (and then only to the same
 * host), timing in the upstream metric, the circuit breaker, zod parsing, and
 * failures as typed 503s naming the service. Clients only know their
 * endpoints and schemas. See docs/UPSTREAMS.md.
 */
export class UpstreamClient {
  readonly service: string;
  readonly baseUrl: string;
  readonly breaker: CircuitBreaker | null;

  constructor(private readonly options: UpstreamClientOptions) {
    this.service = options.service;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.breaker =
      options.breaker === undefined
        ? new CircuitBreaker({ service: options.service, logger: options.logger, isFailure: isUpstreamOutage, openError: () => this.unreachable('circuit open', false) })
        : options.breaker;
  }

  /** A breaker that fits this layer's errors (for clients that share one breaker between several UpstreamClients). */
  static breaker(options: { service: string; failureThreshold?: number; cooldownMs?: number; clock?: () => number; logger?: Logger; message?: string }): CircuitBreaker {
    return new CircuitBreaker({
      service: options.service,
      failureThreshold: options.failureThreshold,
      cooldownMs: options.cooldownMs,
      clock: options.clock,
      logger: options.logger,
      isFailure: isUpstreamOutage,
      openError: () => new UpstreamUnreachableError(options.service, 'circuit open', false, options.message),
    });
  }

  /** Any answer below 500, as bytes; 5xx, no answer or an answer past the limits throw. */
  send(request: UpstreamRequest): Promise<UpstreamResponse> {
    return this.execute(request, (res) => res);
  }

  /** A 2xx JSON answer parsed with `schema`; any other status throws UpstreamHttpError, garbage UpstreamBadAnswerError. */
  json<S extends z.ZodType>(schema: S, request: UpstreamRequest): Promise<{ data: z.infer<S>; status: number; headers: Headers }> {
    return this.execute(request, (res) => {
      if (res.status < 200 || res.status >= 300) throw this.httpError(res);
      return { data: this.parse(schema, res, request.path), status: res.status, headers: res.headers };
    });
  }

  /** Parses a body already received (e.g. after a call that allows several statuses). */
  parse<S extends z.ZodType>(schema: S, res: UpstreamResponse, path: string): z.infer<S> {
    const json = parseJson(res);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      this.options.logger?.warn('upstream answer of an unexpected shape', {
        service: this.service,
        path,
        contentType: res.headers.get('content-type') ?? '',
        issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`),
      });
      throw new UpstreamBadAnswerError(this.service, 'unexpected answer', this.options.unavailableMessage);
    }
    return parsed.data;
  }

  httpError(res: UpstreamResponse): UpstreamHttpError {
    return new UpstreamHttpError(this.service, res.status, parseJson(res) ?? res.body.toString('utf8').slice(0, 500), this.options.unavailableMessage);
  }

  private async execute<T>(request: UpstreamRequest, finish: (res: UpstreamResponse) => T): Promise<T> {
    const run = () =>
      this.options.metrics.timeUpstream(this.options.metricLabel ?? this.service, async () => {
        const res = await this.exchange(request);
        if (res.status >= 500) {
          this.options.logger?.warn('upstream answered with an error', { service: this.service, path: request.path, status: res.status });
          throw this.httpError(res);
        }
        return finish(res);
      });
    return this.breaker ? this.breaker.run(run) : run();
  }

  private async exchange(request: UpstreamRequest): Promise<UpstreamResponse> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs();
    const maxBytes = request.maxBytes ?? this.options.maxBytes ?? DEFAULT_MAX_BYTES;
    // Computed before the clock starts: a failure here (e.g. reading a setting) is not the upstream's.
    const headers: HeaderMap = { ...(await this.options.headers?.()), ...request.headers };
    if (request.body !== undefined && request.rawBody === undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let sent = false;
    try {
      let method = request.method ?? 'GET';
      let body: string | Uint8Array | undefined = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
      let url = this.url(request.path, request.query);
      for (let hop = 0; ; hop++) {
        sent = true;
        const response = await fetch(url, { method, headers, body, redirect: 'manual', signal: controller.signal });
        const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
        if (location === null) return { status: response.status, headers: response.headers, body: await this.readCapped(response, maxBytes, controller) };
        await response.body?.cancel().catch(() => undefined);
        const next = new URL(location, url);
        if (!request.followRedirects || next.host !== url.host || hop >= MAX_REDIRECTS) {
          this.options.logger?.warn('upstream redirect not followed', { service: this.service, path: request.path, to: next.host });
          throw new UpstreamBadAnswerError(this.service, 'redirected elsewhere', this.options.unavailableMessage);
        }
        if (response.status === 303) [method, body] = ['GET', undefined];
        url = next;
      }
    } catch (err) {
      if (err instanceof UpstreamError) throw err;
      const reason = timedOut ? `no complete answer within ${timeoutMs} ms` : connectionReason(err);
      this.options.logger?.warn('upstream unreachable', { service: this.service, path: request.path, reason });
      throw this.unreachable(reason, sent && !NOT_SENT_CODES.has(errorCode(err)));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads the body chunk by chunk and stops (closing the connection) as soon as it passes `maxBytes`. */
  private async readCapped(response: Response, maxBytes: number, controller: AbortController): Promise<Buffer> {
    const tooLarge = () => {
      controller.abort();
      this.options.logger?.warn('upstream answer too large; stopped reading', { service: this.service, maxBytes });
      return this.unreachable(`answer larger than ${maxBytes} bytes`, true);
    };
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!response.body) return Buffer.alloc(0);
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  }

  private url(path: string, query: Query = {}): URL {
    const url = new URL(this.baseUrl + path);
    const pairs = Object.entries(query).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
    if (pairs.length > 0) url.search = pairs.map(([k, v]) => `${encodeStrict(k)}=${encodeStrict(String(v))}`).join('&');
    return url;
  }

  private timeoutMs(): number {
    const t = this.options.timeoutMs;
    return (typeof t === 'function' ? t() : t) ?? DEFAULT_TIMEOUT_MS;
  }

  private unreachable(reason: string, maybeDelivered: boolean): UpstreamUnreachableError {
    return new UpstreamUnreachableError(this.service, reason, maybeDelivered, this.options.unavailableMessage);
  }
}

/**
 * Percent-encodes every character outside RFC 3986's unreserved set.
 * encodeURIComponent leaves `! ' ( ) *` as they are, and Overseerr's request
 * validator rejects those raw in a query value with a 400 (docs/UPSTREAMS.md C,
 * "Query encoding"); a space is `%20`, never `+`.
 */
export function encodeStrict(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The body as JSON, or undefined when it is empty or not JSON (an HTML error page, garbage). */
function parseJson(res: UpstreamResponse): unknown {
  if (res.body.length === 0) return undefined;
  try {
    return JSON.parse(res.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : '';
}

/** The network-level reason (ECONNREFUSED, socket hang up...) without any URL or header. */
function connectionReason(err: unknown): string {
  if (!(err instanceof Error)) return 'connection failed';
  const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}
