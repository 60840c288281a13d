import { XMLParser } from 'fast-xml-parser';
import { ServiceUnavailableError } from '../../common/errors';
import { UpstreamClient } from '../http/upstream-client';
import type { PlexTvClientOptions } from './plextv.client';
import { PLEX_PRODUCT, PlexTvTokenRejectedError } from './plextv.client';

/** One library section of the owner's server as plex.tv knows it (UPSTREAMS F1/F3). */
export interface PlexTvSection {
  /** plex.tv's global section id (e.g. 118181361): what sharing calls take. */
  id: string;
  /** The PMS section key ("1"): what PMS paths take. Empty when plex.tv left it out. */
  key: string;
  title: string;
  type: string;
}

/** The restriction strings of a share (UPSTREAMS F11); "" means no restriction. */
export interface PlexTvShareFilters {
  all: string;
  movies: string;
  television: string;
  music: string;
  photos: string;
}

/** One user's share of the server (`SharedServer`, UPSTREAMS F4). */
export interface PlexTvSharedServer {
  /** The shared-server id (F1), not the user. */
  id: string;
  /** The friend's plex.tv account id. */
  userId: string;
  username: string;
  allLibraries: boolean;
  /** The sections marked shared="1"; keys may be empty when plex.tv omitted them (map with serverSections). */
  sharedSections: PlexTvSection[];
  filters: PlexTvShareFilters;
}

type Attrs = Record<string, string | undefined>;

// Legacy plex.tv routes answer XML only (UPSTREAMS F "General"); attributes are kept as strings.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  processEntities: true,
  isArray: (name) => name === 'SharedServer' || name === 'Section' || name === 'Server',
});

/**
 * The owner's view of who the server is shared with and what (UPSTREAMS F3, F4).
 * Every call uses the owner's token. Kept apart from PlexTvClient (sign-in) and
 * built the same way: one timed request with a deadline, 401 → token refused,
 * anything else that is not a readable answer → a 503 naming Plex.
 */
export class PlexTvSharesClient {
  private readonly http: UpstreamClient;

  constructor(private readonly options: PlexTvClientOptions) {
    this.http = new UpstreamClient({
      service: 'plex',
      metricLabel: 'plextv',
      baseUrl: options.baseUrl,
      metrics: options.metrics,
      timeoutMs: options.timeoutMs ?? 8000,
      // A periodic re-check and sign-ins read shares; a failure keeps the last known share, so no breaker is needed.
      breaker: null,
      unavailableMessage: 'plex.tv is not reachable right now; shares cannot be read.',
    });
  }

  /** `GET /api/servers/{machineId}/shared_servers`: every user's share of this server. */
  async sharedServers(ownerToken: string, machineId: string): Promise<PlexTvSharedServer[]> {
    const doc = await this.getXml(`/api/servers/${encodeURIComponent(machineId)}/shared_servers`, ownerToken);
    const container = doc.MediaContainer;
    if (!container || typeof container !== 'object') throw this.unreadable();
    return ((container as { SharedServer?: Array<Attrs & { Section?: Attrs[] }> }).SharedServer ?? []).map((s) => ({
      id: s.id ?? '',
      userId: s.userID ?? '',
      username: s.username ?? '',
      allLibraries: s.allLibraries === '1',
      sharedSections: (s.Section ?? []).filter((sec) => sec.shared === '1').map(toSection),
      filters: {
        all: s.filterAll ?? '',
        movies: s.filterMovies ?? '',
        television: s.filterTelevision ?? '',
        music: s.filterMusic ?? '',
        photos: s.filterPhotos ?? '',
      },
    }));
  }

  /** `GET /api/servers/{machineId}`: the server's sections with both ids (id ↔ key mapping, F1/F3). */
  async serverSections(ownerToken: string, machineId: string): Promise<PlexTvSection[]> {
    const doc = await this.getXml(`/api/servers/${encodeURIComponent(machineId)}`, ownerToken);
    const servers = (doc.MediaContainer as { Server?: Array<{ Section?: Attrs[] }> } | undefined)?.Server;
    if (!servers) throw this.unreadable();
    return (servers[0]?.Section ?? []).map(toSection);
  }

  private async getXml(path: string, token: string): Promise<Record<string, unknown>> {
    const headers = {
      Accept: 'application/xml',
      'X-Plex-Product': PLEX_PRODUCT,
      'X-Plex-Version': this.options.version,
      'X-Plex-Client-Identifier': await this.options.clientId(),
      'X-Plex-Token': token,
    };
    // The one outbound path (deadline over the whole body, size cap, no redirects, metrics); 5xx and no answer are 503s.
    const response = await this.http.send({ path, headers });
    if (response.status === 401) throw new PlexTvTokenRejectedError('plex.tv refused the owner token');
    if (response.status < 200 || response.status >= 300) throw this.unavailable();
    try {
      const parsed: unknown = parser.parse(response.body.toString('utf8'), true);
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      // Not XML: handled below like any unreadable answer.
    }
    throw this.unreadable();
  }

  private unreadable(): ServiceUnavailableError {
    return new ServiceUnavailableError('plex', 'plex.tv answered the share list in an unexpected format.');
  }

  private unavailable(): ServiceUnavailableError {
    return new ServiceUnavailableError('plex', 'plex.tv is not reachable right now; shares cannot be read.');
  }
}

function toSection(s: Attrs): PlexTvSection {
  return { id: s.id ?? '', key: s.key ?? '', title: s.title ?? '', type: s.type ?? '' };
}
