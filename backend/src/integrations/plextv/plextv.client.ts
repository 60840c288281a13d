import type { z } from 'zod';
import type { Logger } from '../../logging/logger';
import type { Metrics } from '../../common/metrics';
import { UpstreamClient } from '../http/upstream-client';
import {
  plexAccountSchema,
  plexPinSchema,
  plexResourcesSchema,
  type PlexAccount,
  type PlexPinResponse,
  type PlexResource,
} from './plextv.schemas';

export const PLEX_PRODUCT = 'MediaNest';
/** The list of an account's devices can be long (every player it ever used); the rest are a few KB. */
const MAX_RESOURCES_BYTES = 8 * 1024 * 1024;

export interface PlexTvClientOptions {
  baseUrl: string;
  /** This install's X-Plex-Client-Identifier (from config, else generated once and persisted). */
  clientId: () => Promise<string>;
  version: string;
  metrics: Metrics;
  logger?: Logger;
  /** Per request; sign-in waits on it, so it stays short. */
  timeoutMs?: number;
}

/** The account's token was refused (401): the sign-in cannot go on with it. */
export class PlexTvTokenRejectedError extends Error {}

/**
 * plex.tv: PIN sign-in, the account behind a token and the servers it can
 * reach (docs/UPSTREAMS.md A). Errors reaching plex.tv are a 503
 * naming Plex: to the user, sign-in with Plex is unavailable.
 */
export class PlexTvClient {
  /** Per-call deadline (a test shortens it on the live client). */
  timeoutMs: number;
  private readonly http: UpstreamClient;

  constructor(options: PlexTvClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 8000;
    this.http = new UpstreamClient({
      service: 'plex',
      metricLabel: 'plextv',
      baseUrl: options.baseUrl,
      headers: async () => ({
        Accept: 'application/json',
        'X-Plex-Product': PLEX_PRODUCT,
        'X-Plex-Version': options.version,
        'X-Plex-Client-Identifier': await options.clientId(),
        'X-Plex-Platform': 'Web',
        'X-Plex-Device': 'MediaNest',
        'X-Plex-Device-Name': 'MediaNest',
      }),
      timeoutMs: () => this.timeoutMs,
      metrics: options.metrics,
      logger: options.logger,
      // Sign-in is rare and interactive: a user retrying should reach plex.tv, not a breaker.
      breaker: null,
      unavailableMessage: 'Plex sign-in (plex.tv) is not reachable right now; try again in a moment.',
    });
  }

  /** A strong (long-code) PIN for the auth app. */
  async createPin(): Promise<PlexPinResponse> {
    return (await this.request('POST', '/api/v2/pins', { strong: 'true' }, plexPinSchema))!;
  }

  /** The PIN, or undefined when plex.tv no longer knows it (expired or unknown look the same). */
  async getPin(id: number): Promise<PlexPinResponse | undefined> {
    return this.request('GET', `/api/v2/pins/${id}`, {}, plexPinSchema, undefined, true);
  }

  async getAccount(token: string): Promise<PlexAccount> {
    return (await this.request('GET', '/api/v2/user', {}, plexAccountSchema, token))!;
  }

  async getResources(token: string): Promise<PlexResource[]> {
    const query = { includeHttps: 1, includeRelay: 1, includeIPv6: 1 };
    return (await this.request('GET', '/api/v2/resources', query, plexResourcesSchema, token, false, MAX_RESOURCES_BYTES))!;
  }

  /** 2xx → the parsed value; 401 → token rejected; 404 → undefined when the call allows it; anything else → 503. */
  private async request<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string | number>,
    schema: S,
    token?: string,
    notFoundAllowed = false,
    maxBytes?: number,
  ): Promise<z.infer<S> | undefined> {
    const res = await this.http.send({ method, path, query, headers: token ? { 'X-Plex-Token': token } : {}, maxBytes });
    if (res.status === 404 && notFoundAllowed) return undefined;
    if (res.status === 401) throw new PlexTvTokenRejectedError('plex.tv refused the token');
    if (res.status < 200 || res.status >= 300) throw this.http.httpError(res);
    return this.http.parse(schema, res, path);
  }
}
