import type { PlexMetadata } from '../../integrations/plex/plex.schemas';

export type LibraryType = 'movie' | 'show' | 'artist' | 'photo';
export const LIBRARY_TYPES: readonly string[] = ['movie', 'show', 'artist', 'photo'] satisfies LibraryType[];

/** Item types that are browsable media (hubs also hold collections, genres, people...). */
export const MEDIA_TYPES: readonly string[] = ['movie', 'show', 'season', 'episode', 'artist', 'album', 'track'];
/** Types whose details list children (seasons of a show, episodes of a season...). */
export const PARENT_TYPES: readonly string[] = ['show', 'season', 'artist', 'album', 'collection'];

export interface Guids {
  tmdb?: string;
  imdb?: string;
  tvdb?: string;
}

/**
 * A library item as the service caches it: Plex's data, normalised, with the
 * image as a server path. Image URLs are signed when presented, so a cached
 * entry never carries an expiring link.
 */
export interface PlexMedia {
  id: string;
  libraryId: string | null;
  type: string;
  title: string;
  year: number | null;
  thumb: string | null;
  /** Unix seconds. */
  addedAt: number | null;
  guids: Guids;
  /** The top-level item it belongs to (the show of an episode, the artist of a track): shares restrict at that level. */
  topId: string;
}

export interface PlexMediaDetail extends PlexMedia {
  summary: string | null;
  children: PlexMedia[];
  /** What Plex knows about it (absent in entries cached before these were read). */
  facts?: PlexFacts;
  /** The item in Plex's web app. */
  plexUrl?: string | null;
}

export interface PlexFacts {
  runtimeMinutes: number | null;
  genres: string[];
  rating: number | null;
  contentRating: string | null;
  cast: Array<{ name: string; character: string | null }>;
}

const CAST_LIMIT = 12;

export function toPlexFacts(item: PlexMetadata): PlexFacts {
  const rating = item.audienceRating ?? item.rating;
  return {
    runtimeMinutes: item.duration ? Math.round(item.duration / 60_000) : null,
    genres: (item.Genre ?? []).map((g) => g.tag),
    rating: rating !== undefined && Number.isFinite(rating) ? Math.round(rating * 10) / 10 : null,
    contentRating: item.contentRating ?? null,
    cast: (item.Role ?? []).slice(0, CAST_LIMIT).map((r) => ({ name: r.tag, character: r.role ?? null })),
  };
}

export interface PlexLibrary {
  id: string;
  title: string;
  type: LibraryType;
}

export interface PlexCollection {
  id: string;
  title: string;
  childCount: number;
  thumb: string | null;
}

export interface PlexItemPage {
  items: PlexMedia[];
  total: number;
}

const GUID = /^(tmdb|imdb|tvdb):\/\/(.+)$/;

/** External ids from `Guid[]` (`imdb://tt0133093`, `tmdb://603`, `tvdb://169`); plex:// and local:// ids are ignored. */
export function parseGuids(guids: PlexMetadata['Guid']): Guids {
  const out: Guids = {};
  for (const { id } of guids ?? []) {
    const m = GUID.exec(id.trim());
    if (m?.[1] && m[2] && !(m[1] in out)) out[m[1] as keyof Guids] = m[2];
  }
  return out;
}

/** The section an item belongs to: on the item, else on its container, else the caller's guess. */
function libraryIdOf(item: PlexMetadata, fallback: string | null | undefined): string | null {
  if (item.librarySectionID !== undefined) return item.librarySectionID;
  const fromKey = /^\/library\/sections\/(\d+)/.exec(item.librarySectionKey ?? '')?.[1];
  return fromKey ?? fallback ?? null;
}

export function toPlexMedia(item: PlexMetadata, fallbackLibraryId?: string | null): PlexMedia {
  return {
    id: item.ratingKey,
    libraryId: libraryIdOf(item, fallbackLibraryId),
    type: item.type,
    title: item.title,
    year: item.year !== undefined && Number.isInteger(item.year) ? item.year : null,
    thumb: item.thumb ?? null,
    addedAt: item.addedAt !== undefined && Number.isFinite(item.addedAt) ? item.addedAt : null,
    guids: parseGuids(item.Guid),
    topId: item.grandparentRatingKey ?? item.parentRatingKey ?? item.ratingKey,
  };
}

export function toPlexCollection(item: PlexMetadata): PlexCollection {
  return { id: item.ratingKey, title: item.title, childCount: item.childCount ?? 0, thumb: item.thumb ?? null };
}
