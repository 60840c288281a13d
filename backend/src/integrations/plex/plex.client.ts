import type { z } from 'zod';
import type { Logger } from '../../logging/logger';
import { NotFoundError, ServiceUnavailableError } from '../../common/errors';
import type { Metrics } from '../../common/metrics';
import type { CircuitBreaker } from '../circuit-breaker';
import { type Query, UpstreamClient, type UpstreamResponse } from '../http/upstream-client';
import { fetchPlexIdentity, PLEX_SERVICE } from './plex-identity';
import {
  plexHubSearchSchema,
  plexListingSchema,
  plexSectionsSchema,
  type PlexHub,
  type PlexIdentity,
  type PlexListing,
  type PlexMetadata,
  type PlexSection,
} from './plex.schemas';

export { PLEX_SERVICE } from './plex-identity';
export const DEFAULT_PLEX_TIMEOUT_MS = 5000;
/** A transcoded poster is a few hundred KB; anything far larger is not what we asked for. */
const MAX_IMAGE_BYTES = 15 * 1024 * 1024;
/** Listings are paged (at most 100 items a page); the largest real answers are well under this. */
const MAX_JSON_BYTES = 8 * 1024 * 1024;
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

/** Plex's own sort expressions (docs/UPSTREAMS.md B4). */
export type PlexSort = 'titleSort' | 'addedAt:desc' | 'year:desc';

/**
 * One Plex Media Server. Speaks JSON (`Accept: application/json`), sends the
 * token only as a header (never in a URL that could be logged), and turns
 * Plex's failure modes into typed errors: unknown ids (HTML 404) become
 * NotFound, everything else a 503 for `plex`. Transport rules (deadline, size
 * cap, redirects, breaker, metrics) are the UpstreamClient's.
 */
export class PlexClient {
  readonly baseUrl: string;
  private readonly http: UpstreamClient;

  constructor(private readonly options: PlexClientOptions) {
    this.http = new UpstreamClient({
      service: PLEX_SERVICE,
      baseUrl: options.baseUrl,
      headers: () => ({
        'X-Plex-Token': options.token,
        'X-Plex-Client-Identifier': options.clientIdentifier,
        'X-Plex-Product': options.product ?? 'MediaNest',
      }),
      timeoutMs: options.timeoutMs ?? DEFAULT_PLEX_TIMEOUT_MS,
      maxBytes: MAX_JSON_BYTES,
      metrics: options.metrics,
      logger: options.logger,
      breaker: options.breaker ?? UpstreamClient.breaker({ service: PLEX_SERVICE, logger: options.logger }),
    });
    this.baseUrl = this.http.baseUrl;
  }

  /** Who the server is; cheap, used by the service check and the CLI. */
  async identity(): Promise<PlexIdentity> {
    return fetchPlexIdentity(this.http);
  }

  async sections(): Promise<PlexSection[]> {
    return (await this.getJson('/library/sections', {}, plexSectionsSchema)).MediaContainer.Directory;
  }

  /** `filters`: PMS listing filters such as `contentRating`, `label!` (a share's restriction). */
  sectionItems(sectionKey: string, sort: PlexSort, page: PlexPageRequest, filters: Record<string, string> = {}): Promise<PlexPage> {
    return this.getPage(`/library/sections/${sectionKey}/all`, { includeGuids: 1, sort, ...filters }, page);
  }

  /** One item; Guid[] is included without asking. */
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

  /**
   * Results grouped in hubs; `limit` applies per hub. Plex answers 404 when the
   * search cannot match anything at all (e.g. no library sections): that is an
   * empty result, not a missing item (docs/UPSTREAMS.md B7).
   */
  async search(query: string, limitPerHub: number): Promise<PlexHub[]> {
    try {
      return (await this.getJson('/hubs/search', { query, limit: limitPerHub, includeGuids: 1 }, plexHubSearchSchema)).MediaContainer.Hub;
    } catch (err) {
      if (err instanceof NotFoundError) return [];
      throw err;
    }
  }

  async recentlyAdded(size: number): Promise<PlexMetadata[]> {
    return (await this.getPage('/library/recentlyAdded', { includeGuids: 1 }, { start: 0, size })).items;
  }

  /** A library image resized by Plex's photo transcoder. */
  async image(path: string, width: number, height: number): Promise<PlexImage> {
    const res = await this.send('/photo/:/transcode', { url: path, width, height, minSize: 1, upscale: 1 }, { Accept: 'image/*' }, MAX_IMAGE_BYTES);
    // Raster images only: an SVG is a document that could carry script on our origin.
    const contentType = res.headers.get('content-type') ?? '';
    if (!RASTER_IMAGE.test(contentType)) {
      this.options.logger.warn('plex image transcode returned no image', { path, status: res.status, contentType });
      throw new ServiceUnavailableError(PLEX_SERVICE, 'Plex did not return an image.');
    }
    return { contentType, body: res.body };
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
    return { body: this.http.parse(schema, res, path), headers: res.headers };
  }

  /** One call; a 2xx answer is returned, a 404 is NotFound, any other answer a 503 for plex. */
  private async send(path: string, query: Query, headers: Record<string, string>, maxBytes?: number): Promise<UpstreamResponse> {
    const res = await this.http.send({ path, query, headers, maxBytes });
    if (res.status >= 200 && res.status < 300) return res;
    if (res.status === 404) throw new NotFoundError('No such item in the Plex library.');
    this.options.logger.warn('plex request failed', { path, status: res.status });
    if (res.status === 401) {
      throw new ServiceUnavailableError(PLEX_SERVICE, 'Plex rejected the server token; an admin should check the Plex token in Settings.');
    }
    throw new ServiceUnavailableError(PLEX_SERVICE);
  }
}
