import type { z } from 'zod';
import { NotFoundError, ServiceUnavailableError } from '../../http/errors';
import type { Metrics } from '../../http/metrics';
import type { Logger } from '../../logging/logger';
import { CircuitBreaker } from '../circuit-breaker';
import {
  plexHubSearchSchema,
  plexIdentitySchema,
  plexListingSchema,
  plexSectionsSchema,
  type PlexHub,
  type PlexIdentity,
  type PlexListing,
  type PlexMetadata,
  type PlexSection,
} from './plex.schemas';

export const PLEX_SERVICE = 'plex';
export const DEFAULT_PLEX_TIMEOUT_MS = 5000;
/** A transcoded poster is a few hundred KB; anything far larger is not what we asked for. */
const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
const RASTER_IMAGE = /^image\/(jpeg|png|webp|gif|avif)\s*(;|$)/i;

export interface PlexClientOptions {
  baseUrl: string;
  token: string;
  clientIdentifier: string;
  metrics: Metrics;
  logger: Logger;
  timeoutMs?: number;
  product?: string;
  /** Shared by every client of the same server URL (PlexService keeps one per URL); default: one of its own. */
  breaker?: CircuitBreaker;
}

export interface PlexPageRequest {
  /** 0-based offset. */
  start: number;
  size: number;
}

export interface PlexPage {
  items: PlexMetadata[];
  total: number;
  container: PlexListing;
}

export interface PlexImage {
  contentType: string;
  body: Buffer;
}

/** Plex's own sort expressions (UPSTREAMS B4). */
export type PlexSort = 'titleSort' | 'addedAt:desc' | 'year:desc';

type Query = Record<string, string | number | undefined>;

interface RawResponse {
  status: number;
  contentType: string;
  body: Buffer;
  headers: Headers;
}

/**
 * One Plex Media Server. Speaks JSON (`Accept: application/json`), sends the
 * token only as a header (never in a URL that could be logged), gives every
 * call a deadline, and turns Plex's failure modes into typed errors:
 * unknown ids (HTML 404) become NotFound, everything else a 503 for `plex`.
 */
export class PlexClient {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly breaker: CircuitBreaker;

  constructor(private readonly options: PlexClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PLEX_TIMEOUT_MS;
    this.breaker = options.breaker ?? new CircuitBreaker({ service: PLEX_SERVICE, logger: options.logger });
  }

  /** UPSTREAMS B1: who the server is; cheap, used by the service monitor. */
  async identity(): Promise<PlexIdentity> {
    return (await this.getJson('/identity', {}, plexIdentitySchema)).MediaContainer;
  }

  async sections(): Promise<PlexSection[]> {
    return (await this.getJson('/library/sections', {}, plexSectionsSchema)).MediaContainer.Directory;
  }

  /** `filters`: PMS listing filters such as `contentRating`, `label!` (a share's restriction). */
  sectionItems(sectionKey: string, sort: PlexSort, page: PlexPageRequest, filters: Record<string, string> = {}): Promise<PlexPage> {
    return this.getPage(`/library/sections/${sectionKey}/all`, { includeGuids: 1, sort, ...filters }, page);
  }

  /** UPSTREAMS B5: one item; Guid[] is included without asking. */
  async metadata(ratingKey: string): Promise<{ item: PlexMetadata; container: PlexListing }> {
    const container = (await this.getJson(`/library/metadata/${ratingKey}`, {}, plexListingSchema)).MediaContainer;
    const item = container.Metadata[0];
    if (!item) throw new NotFoundError('No such item in the Plex library.');
    return { item, container };
  }

  /** Seasons of a show, episodes of a season, tracks of an album. */
  async children(ratingKey: string): Promise<PlexListing> {
    return (await this.getJson(`/library/metadata/${ratingKey}/children`, { includeGuids: 1 }, plexListingSchema)).MediaContainer;
  }

  async collections(sectionKey: string): Promise<PlexMetadata[]> {
    return (await this.getJson(`/library/sections/${sectionKey}/collections`, {}, plexListingSchema)).MediaContainer.Metadata;
  }

  collectionItems(ratingKey: string, page: PlexPageRequest): Promise<PlexPage> {
    return this.getPage(`/library/collections/${ratingKey}/children`, { includeGuids: 1 }, page);
  }

  /** UPSTREAMS B7: results grouped in hubs; `limit` applies per hub. */
  async search(query: string, limitPerHub: number): Promise<PlexHub[]> {
    return (await this.getJson('/hubs/search', { query, limit: limitPerHub, includeGuids: 1 }, plexHubSearchSchema)).MediaContainer.Hub;
  }

  async recentlyAdded(size: number): Promise<PlexMetadata[]> {
    return (await this.getPage('/library/recentlyAdded', { includeGuids: 1 }, { start: 0, size })).items;
  }

  /** UPSTREAMS B10: a library image resized by Plex's photo transcoder. */
  async image(path: string, width: number, height: number): Promise<PlexImage> {
    const res = await this.send('/photo/:/transcode', { url: path, width, height, minSize: 1, upscale: 1 }, { Accept: 'image/*' });
    // Raster images only: an SVG is a document that could carry script on our origin.
    if (!RASTER_IMAGE.test(res.contentType)) {
      this.options.logger.warn('plex image transcode returned no image', { path, status: res.status, contentType: res.contentType });
      throw new ServiceUnavailableError(PLEX_SERVICE, 'Plex did not return an image.');
    }
    return { contentType: res.contentType, body: res.body };
  }

  /**
   * A page of a listing, asked for with Plex's container headers. A server that
   * ignores them (no totalSize) sent the whole list, which is then sliced here.
   */
  private async getPage(path: string, query: Query, page: PlexPageRequest): Promise<PlexPage> {
    const headers = { 'X-Plex-Container-Start': String(page.start), 'X-Plex-Container-Size': String(page.size) };
    const { body, headers: responseHeaders } = await this.getJsonWithHeaders(path, query, plexListingSchema, headers);
    const container = body.MediaContainer;
    const totalHeader = Number(responseHeaders.get('x-plex-container-total-size') ?? Number.NaN);
    const total = container.totalSize ?? (Number.isFinite(totalHeader) ? totalHeader : undefined);
    if (total !== undefined) return { items: container.Metadata.slice(0, page.size), total, container };
    return { items: container.Metadata.slice(page.start, page.start + page.size), total: container.Metadata.length, container };
  }

  private async getJson<S extends z.ZodType>(path: string, query: Query, schema: S): Promise<z.infer<S>> {
    return (await this.getJsonWithHeaders(path, query, schema, {})).body;
  }

  private async getJsonWithHeaders<S extends z.ZodType>(
    path: string,
    query: Query,
    schema: S,
    headers: Record<string, string>,
  ): Promise<{ body: z.infer<S>; headers: Headers }> {
    const res = await this.send(path, query, { Accept: 'application/json', ...headers });
    let json: unknown;
    try {
      json = JSON.parse(res.body.toString('utf8'));
    } catch {
      json = undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      this.options.logger.warn('plex answered in an unexpected format', { path, issues: parsed.error.issues.slice(0, 3).map((i) => i.message) });
      throw new ServiceUnavailableError(PLEX_SERVICE, 'Plex answered in an unexpected format.');
    }
    return { body: parsed.data, headers: res.headers };
  }

  /**
   * One timed request with a deadline, through the circuit breaker: no answer
   * or a 5xx counts against Plex; any other answer shows it is alive. Non-2xx
   * answers become typed errors.
   */
  private async send(path: string, query: Query, headers: Record<string, string>): Promise<RawResponse> {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    const res = await this.breaker.run(() =>
      this.options.metrics.timeUpstream(PLEX_SERVICE, async () => {
        const answer = await this.fetchRaw(url, path, headers);
        if (answer.status >= 500) {
          this.options.logger.warn('plex request failed', { path, status: answer.status });
          throw new ServiceUnavailableError(PLEX_SERVICE);
        }
        return answer;
      }),
    );
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 404) throw new NotFoundError('No such item in the Plex library.');
    this.options.logger.warn('plex request failed', { path, status: res.status });
    if (res.status === 401) {
      throw new ServiceUnavailableError(PLEX_SERVICE, 'Plex rejected the server token; an admin should check the Plex token in Settings.');
    }
    throw new ServiceUnavailableError(PLEX_SERVICE);
  }

  private async fetchRaw(url: URL, path: string, headers: Record<string, string>): Promise<RawResponse> {
    try {
      // The deadline covers reading the body too: the signal stays attached until it is consumed.
      const response = await fetch(url, {
        headers: {
          ...headers,
          'X-Plex-Token': this.options.token,
          'X-Plex-Client-Identifier': this.options.clientIdentifier,
          'X-Plex-Product': this.options.product ?? 'MediaNest',
        },
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > MAX_IMAGE_BYTES) {
        await response.body?.cancel();
        throw new Error(`response too large (${declared} bytes)`);
      }
      const body = Buffer.from(await response.arrayBuffer());
      if (body.length > MAX_IMAGE_BYTES) throw new Error(`response too large (${body.length} bytes)`);
      return { status: response.status, contentType: response.headers.get('content-type') ?? '', body, headers: response.headers };
    } catch (err) {
      const reason = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : describe(err);
      this.options.logger.warn('plex unreachable', { path, reason });
      throw new ServiceUnavailableError(PLEX_SERVICE);
    }
  }
}

/** The network-level reason (ECONNREFUSED, socket hang up...) without any URL or header. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}
