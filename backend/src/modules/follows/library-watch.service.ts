import type { Metrics } from '../../common/metrics';
import { PlexClient } from '../../integrations/plex/plex.client';
import type { PlexMetadata } from '../../integrations/plex/plex.schemas';
import type { Logger } from '../../logging/logger';
import { parseGuids } from '../plex/plex.mapping';
import type { SettingsRepository } from '../settings/settings.repository';
import type { SettingsService } from '../settings/settings.service';
import type { FollowsService } from './follows.service';

const SNAPSHOT_KEY = 'notify.library.snapshot';
const WINDOW = 100;
const WATERMARK = '_addedAt';
/** Entries kept between rounds (items that left the recently-added window stay known). */
const SNAPSHOT_MAX = 2000;

export interface LibraryWatchDeps {
  /** The `settings` table, where the snapshot of the last round is kept. */
  settingRows: Pick<SettingsRepository, 'find' | 'put'>;
  settings: SettingsService;
  follows: FollowsService;
  metrics: Metrics;
  logger: Logger;
  clientId: () => Promise<string>;
}

export interface WatchSummary {
  movies: number;
  shows: number;
  episodes: number;
}

/**
 * Reads Plex's recently added and tells followers: a followed movie or show
 * that appears (matched by its TMDB id) is available; new episodes of a
 * followed show are counted per show, so a season dropping at once is one
 * notification ("8 new episodes of X"). Plex groups new episodes under their
 * season in recently added, so episodes are counted from each season's (or
 * show's) `leafCount` against the count seen last round. The first round only
 * records what is there: nothing already in the library is announced.
 */
export class LibraryWatcher {
  constructor(private readonly d: LibraryWatchDeps) {}

  async run(): Promise<WatchSummary | undefined> {
    const client = await this.client();
    if (!client) return undefined;
    const items = await client.recentlyAdded(WINDOW);
    const stored = await this.d.settingRows.find(SNAPSHOT_KEY);
    const previous = stored ? (JSON.parse(stored.value) as Record<string, number>) : undefined;
    const seen: Record<string, number> = {};
    const summary: WatchSummary = { movies: 0, shows: 0, episodes: 0 };
    const showBatches = new Map<string, { added: number; title: string; total: number }>();
    const addToShow = (showKey: string, title: string, added: number, total: number) => {
      const b = showBatches.get(showKey) ?? { added: 0, title, total: 0 };
      b.added += added;
      b.total += total;
      showBatches.set(showKey, b);
    };
    // Newest addedAt of the last round: a show added after it is new to the library.
    const watermark = previous?.[WATERMARK] ?? 0;
    seen[WATERMARK] = Math.max(watermark, ...items.map((i) => i.addedAt ?? 0));

    for (const item of items) {
      const before = previous?.[item.ratingKey];
      if (item.type === 'movie') {
        seen[item.ratingKey] = 1;
        if (previous && before === undefined) {
          const tmdb = Number(parseGuids(item.Guid).tmdb);
          if (tmdb > 0) summary.movies += (await this.d.follows.titleAvailable({ tmdbId: tmdb, mediaType: 'movie', title: item.title, link: `/item/${item.ratingKey}` })).length;
        }
      } else if (item.type === 'season' || item.type === 'show' || item.type === 'episode') {
        const count = item.type === 'episode' ? 1 : (item.leafCount ?? 0);
        seen[item.ratingKey] = count;
        const added = before === undefined ? count : count - before;
        const showKey = item.type === 'show' ? item.ratingKey : item.type === 'season' ? item.parentRatingKey : grandparentOf(item);
        if (previous && added > 0 && showKey) addToShow(showKey, showTitle(item), added, count);
      }
    }

    for (const [showKey, batch] of showBatches) {
      const show = await client.metadata(showKey).catch(() => undefined);
      const tmdb = Number(parseGuids(show?.item.Guid).tmdb);
      if (!(tmdb > 0)) continue;
      const title = show?.item.title || batch.title;
      const link = `/item/${showKey}`;
      // Followers told "it is available" this round are not also told about its episodes.
      const isNew = (show?.item.addedAt ?? 0) > watermark;
      const told = isNew ? await this.d.follows.titleAvailable({ tmdbId: tmdb, mediaType: 'tv', title, link }) : [];
      summary.shows += told.length;
      summary.episodes += await this.d.follows.newEpisodes({ tmdbId: tmdb, mediaType: 'tv', title, link, count: batch.added, batchKey: `${showKey}:${batch.total}:${batch.added}`, except: told });
    }

    await this.save({ ...previous, ...seen });
    this.d.logger.debug('library watch round', { ...summary, items: items.length, first: !previous });
    return summary;
  }

  private async save(snapshot: Record<string, number>): Promise<void> {
    // Numeric keys (rating keys) iterate in ascending order, the watermark after them:
    // trimming from the front drops the oldest items and never the watermark.
    const entries = Object.entries(snapshot);
    const value = JSON.stringify(Object.fromEntries(entries.slice(Math.max(0, entries.length - SNAPSHOT_MAX))));
    await this.d.settingRows.put(SNAPSHOT_KEY, value);
  }

  private async client(): Promise<PlexClient | undefined> {
    const { plex } = await this.d.settings.get();
    if (!plex.serverUrl || !plex.token) return undefined;
    return new PlexClient({ baseUrl: plex.serverUrl, token: plex.token, clientIdentifier: await this.d.clientId(), metrics: this.d.metrics, logger: this.d.logger });
  }
}

function grandparentOf(item: PlexMetadata): string | undefined {
  const v = (item as Record<string, unknown>).grandparentRatingKey;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function showTitle(item: PlexMetadata): string {
  const r = item as Record<string, unknown>;
  const name = item.type === 'season' ? r.parentTitle : item.type === 'episode' ? r.grandparentTitle : item.title;
  return typeof name === 'string' && name ? name : item.title;
}
