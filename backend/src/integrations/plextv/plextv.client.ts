import type { z } from 'zod';
import { ServiceUnavailableError } from '../../http/errors';
import type { Metrics } from '../../http/metrics';
import {
  plexAccountSchema,
  plexPinSchema,
  plexResourcesSchema,
  type PlexAccount,
  type PlexPinResponse,
  type PlexResource,
} from './plextv.schemas';

export const PLEX_PRODUCT = 'MediaNest';

export interface PlexTvClientOptions {
  baseUrl: string;
  /** This install's X-Plex-Client-Identifier (from config, else generated once and persisted). */
  clientId: () => Promise<string>;
  version: string;
  metrics: Metrics;
  /** Per request; sign-in waits on it, so it stays short. */
  timeoutMs?: number;
}

/** The account's token was refused (401): the sign-in cannot go on with it. */
export class PlexTvTokenRejectedError extends Error {}

type Outcome<T> = { status: 'ok'; value: T } | { status: 'not_found' };

/**
 * plex.tv: PIN sign-in (UPSTREAMS A1-A2), the account behind a token (A4) and
 * the servers it can reach (A5). Errors reaching plex.tv are a 503 naming Plex:
 * to the user, sign-in with Plex is unavailable.
 */
export class PlexTvClient {
  timeoutMs: number;

  constructor(private readonly options: PlexTvClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 8000;
  }

  /** A strong (long-code) PIN for the auth app. */
  async createPin(): Promise<PlexPinResponse> {
    const result = await this.request('POST', '/api/v2/pins?strong=true', plexPinSchema);
    if (result.status !== 'ok') throw this.unavailable();
    return result.value;
  }

  /** The PIN, or undefined when plex.tv no longer knows it (expired or unknown look the same). */
  async getPin(id: number): Promise<PlexPinResponse | undefined> {
    const result = await this.request('GET', `/api/v2/pins/${id}`, plexPinSchema);
    return result.status === 'ok' ? result.value : undefined;
  }

  async getAccount(token: string): Promise<PlexAccount> {
    const result = await this.request('GET', '/api/v2/user', plexAccountSchema, token);
    if (result.status !== 'ok') throw this.unavailable();
    return result.value;
  }

  async getResources(token: string): Promise<PlexResource[]> {
    const result = await this.request('GET', '/api/v2/resources?includeHttps=1&includeRelay=1&includeIPv6=1', plexResourcesSchema, token);
    if (result.status !== 'ok') throw this.unavailable();
    return result.value;
  }

  private async headers(token?: string): Promise<Record<string, string>> {
    return {
      Accept: 'application/json',
      'X-Plex-Product': PLEX_PRODUCT,
      'X-Plex-Version': this.options.version,
      'X-Plex-Client-Identifier': await this.options.clientId(),
      'X-Plex-Platform': 'Web',
      'X-Plex-Device': 'MediaNest',
      'X-Plex-Device-Name': 'MediaNest',
      ...(token ? { 'X-Plex-Token': token } : {}),
    };
  }

  private async request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, token?: string): Promise<Outcome<z.infer<S>>> {
    const headers = await this.headers(token);
    return this.options.metrics.timeUpstream('plextv', async () => {
      let response: Response;
      try {
        response = await fetch(`${this.options.baseUrl}${path}`, { method, headers, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch {
        // Timeout, refused or reset connection: plex.tv cannot be reached.
        throw this.unavailable();
      }
      if (response.status === 404) {
        await response.body?.cancel();
        return { status: 'not_found' };
      }
      if (response.status === 401) {
        await response.body?.cancel();
        throw new PlexTvTokenRejectedError('plex.tv refused the token');
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw this.unavailable();
      }
      const parsed = schema.safeParse(await response.json().catch(() => undefined));
      // An answer we cannot read is as useless as none.
      if (!parsed.success) throw this.unavailable();
      return { status: 'ok', value: parsed.data };
    });
  }

  private unavailable(): ServiceUnavailableError {
    return new ServiceUnavailableError('plex', 'Plex sign-in (plex.tv) is not reachable right now; try again in a moment.');
  }
}
