import type { CacheStore } from '../../cache/cache-store';
import type { Logger } from '../../logging/logger';
import type { Metrics } from '../../common/metrics';
import { UpstreamClient } from '../http/upstream-client';
import { plexIdentitySchema, type PlexIdentity } from './plex.schemas';

export const PLEX_SERVICE = 'plex';
const IDENTITY_TTL_SECONDS = 300;

/** `GET /identity` of a Plex Media Server: public (no token), cheap. The only place it is called. */
export async function fetchPlexIdentity(http: UpstreamClient, timeoutMs?: number): Promise<PlexIdentity> {
  return (await http.json(plexIdentitySchema, { path: '/identity', headers: { Accept: 'application/json' }, timeoutMs })).data.MediaContainer;
}

/**
 * The configured server's machineIdentifier for sign-in, which admits accounts
 * whose plex.tv resources list this server. Cached under `plex:` so a settings
 * change drops it with the other Plex caches.
 */
export class PlexServerIdentity {
  constructor(
    private readonly cache: CacheStore,
    private readonly metrics: Metrics,
    private readonly logger?: Logger,
    private readonly timeoutMs = 5000,
  ) {}

  async machineIdentifier(serverUrl: string): Promise<string> {
    const key = `plex:identity:${serverUrl}`;
    const cached = await this.cache.get<string>(key);
    if (cached) return cached;
    const http = new UpstreamClient({
      service: PLEX_SERVICE,
      baseUrl: serverUrl,
      metrics: this.metrics,
      logger: this.logger,
      timeoutMs: this.timeoutMs,
      // Sign-in asks once per cache period; the library client's breaker protects the busy paths.
      breaker: null,
      unavailableMessage: 'The Plex server is not reachable right now; try again in a moment.',
    });
    const { machineIdentifier } = await fetchPlexIdentity(http);
    await this.cache.set(key, machineIdentifier, IDENTITY_TTL_SECONDS);
    return machineIdentifier;
  }
}
