import type { CacheStore } from '../../cache/cache-store';
import { ServiceUnavailableError } from '../../http/errors';
import type { Metrics } from '../../http/metrics';
import { plexIdentitySchema } from './plextv.schemas';

const IDENTITY_TTL_SECONDS = 300;

/**
 * The configured Plex Media Server's machineIdentifier (UPSTREAMS B1, no token
 * needed): sign-in admits accounts whose plex.tv resources list this server.
 * Cached under `plex:` so a settings change drops it with the other Plex caches.
 */
export class PlexIdentity {
  constructor(
    private readonly cache: CacheStore,
    private readonly metrics: Metrics,
    private readonly timeoutMs = 5000,
  ) {}

  async machineIdentifier(serverUrl: string): Promise<string> {
    const key = `plex:identity:${serverUrl}`;
    const cached = await this.cache.get<string>(key);
    if (cached) return cached;
    const id = await this.metrics.timeUpstream('plex', () => this.fetchIdentity(serverUrl));
    await this.cache.set(key, id, IDENTITY_TTL_SECONDS);
    return id;
  }

  private async fetchIdentity(serverUrl: string): Promise<string> {
    const unavailable = new ServiceUnavailableError('plex', 'The Plex server is not reachable right now; try again in a moment.');
    let response: Response;
    try {
      response = await fetch(`${serverUrl}/identity`, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      throw unavailable;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw unavailable;
    }
    const parsed = plexIdentitySchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw unavailable;
    return parsed.data.MediaContainer.machineIdentifier;
  }
}
