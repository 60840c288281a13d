/**
 * In-memory library of the fake Plex Media Server and its JSON rendering (docs/UPSTREAMS.md B3-B8),
 * plus the deterministic sample-library generator.
 */
import { seededRandom } from './fake-server';

export type PlexSectionType = 'movie' | 'show' | 'artist' | 'photo';
export type PlexItemType = 'movie' | 'show' | 'season' | 'episode' | 'artist' | 'album' | 'track';

/** Plex's numeric `type=` filter values (docs/UPSTREAMS.md B4: 1 movie, 2 show, 4 episode). */
export const PLEX_TYPE_NUMBER: Record<PlexItemType, number> = { movie: 1, show: 2, season: 3, episode: 4, artist: 8, album: 9, track: 10 };

export interface PlexSection {
  key: string;
  type: PlexSectionType;
  title: string;
  agent: string;
  scanner: string;
  uuid: string;
  locationId: number;
  locationPath: string;
}

export interface PlexItem {
  ratingKey: string;
  sectionKey: string;
  type: PlexItemType;
  title: string;
  titleSort: string;
  year: number | undefined;
  summary: string;
  addedAt: number;
  updatedAt: number;
  /** `plex://movie/...` */
  guid: string;
  /** External ids for `Guid[]`, e.g. `imdb://tt0133093`; empty for unmatched items. */
  guids: string[];
  genres: string[];
  parentRatingKey?: string;
  /** Season number, episode number or track number. */
  index?: number;
  duration?: number;
  rating?: number;
  contentRating?: string;
  studio?: string;
  /** Plex labels (the tags a share's label restriction matches). */
  labels?: string[];
  /** Cast, as PMS lists it in `Role[]` ({tag: actor, role: character}; python-plexapi `media.Role`). */
  cast?: Array<{ tag: string; role: string }>;
}

export interface PlexCollection {
  ratingKey: string;
  sectionKey: string;
  title: string;
  summary: string;
  itemRatingKeys: string[];
  addedAt: number;
  updatedAt: number;
}

export interface SampleLibraryOptions {
  movies?: number;
  shows?: number;
  seasonsPerShow?: number;
  episodesPerSeason?: number;
  collections?: number;
  artists?: number;
  seed?: number;
}

export const GENRES = ['Action', 'Adventure', 'Animation', 'Comedy', 'Crime', 'Documentary', 'Drama', 'Family', 'Fantasy', 'Horror', 'Science Fiction', 'Thriller'];

const SECTION_DEFAULTS: Record<PlexSectionType, { agent: string; scanner: string }> = {
  movie: { agent: 'tv.plex.agents.movie', scanner: 'Plex Movie' },
  show: { agent: 'tv.plex.agents.series', scanner: 'Plex TV Series' },
  artist: { agent: 'tv.plex.agents.music', scanner: 'Plex Music' },
  photo: { agent: 'com.plexapp.agents.none', scanner: 'Plex Photo Scanner' },
};

export class PlexLibrary {
  readonly sections: PlexSection[] = [];
  readonly items = new Map<string, PlexItem>();
  readonly collections = new Map<string, PlexCollection>();
  private readonly children = new Map<string, string[]>();
  private nextRatingKey = 1001;

  addSection(input: { key: string; type: PlexSectionType; title: string }): PlexSection {
    const n = this.sections.length + 1;
    const section: PlexSection = {
      ...input, ...SECTION_DEFAULTS[input.type],
      uuid: `0e71027d-88bc-4413-9927-5aad992d3d${String(n).padStart(2, '0')}`,
      locationId: 17 + n, locationPath: `/${input.title.replace(/\s+/g, '')}`,
    };
    this.sections.push(section);
    return section;
  }

  section(key: string): PlexSection | undefined {
    return this.sections.find((s) => s.key === key);
  }

  addItem(input: Partial<PlexItem> & { sectionKey: string; type: PlexItemType; title: string }): PlexItem {
    const ratingKey = input.ratingKey ?? String(this.nextRatingKey++);
    const addedAt = input.addedAt ?? 1560000000 + Number(ratingKey);
    const item: PlexItem = {
      year: undefined, summary: '', guids: [], genres: [], ...input,
      ratingKey, addedAt, updatedAt: input.updatedAt ?? addedAt + 3600,
      titleSort: input.titleSort ?? sortTitle(input.title),
      guid: input.guid ?? `plex://${input.type}/${plexHex(Number(ratingKey))}`,
    };
    this.items.set(ratingKey, item);
    if (item.parentRatingKey !== undefined) {
      this.children.set(item.parentRatingKey, [...(this.children.get(item.parentRatingKey) ?? []), ratingKey]);
    }
    return item;
  }

  addCollection(sectionKey: string, title: string, itemRatingKeys: string[]): PlexCollection {
    const ratingKey = String(this.nextRatingKey++);
    const collection: PlexCollection = { ratingKey, sectionKey, title, summary: '', itemRatingKeys, addedAt: 1600000000 + Number(ratingKey), updatedAt: 1700000000 };
    this.collections.set(ratingKey, collection);
    return collection;
  }

  removeItem(ratingKey: string): void {
    for (const child of this.childrenOf(ratingKey)) this.removeItem(child.ratingKey);
    const item = this.items.get(ratingKey);
    this.items.delete(ratingKey);
    if (item?.parentRatingKey !== undefined) {
      this.children.set(item.parentRatingKey, (this.children.get(item.parentRatingKey) ?? []).filter((rk) => rk !== ratingKey));
    }
  }

  childrenOf(ratingKey: string): PlexItem[] {
    return (this.children.get(ratingKey) ?? []).map((rk) => this.items.get(rk)).filter((i): i is PlexItem => i !== undefined);
  }

  findByTitle(title: string): PlexItem | undefined {
    return [...this.items.values()].find((i) => i.title === title);
  }

  /** Items of a section with a given type (a show section holds shows, seasons and episodes). */
  sectionItems(sectionKey: string, type: PlexItemType): PlexItem[] {
    return [...this.items.values()].filter((i) => i.sectionKey === sectionKey && i.type === type);
  }

  /** Thumb/art/composite paths this server can serve images for. */
  hasImagePath(path: string): boolean {
    const m = /^\/library\/(metadata|collections)\/(\d+)\/(thumb|art|composite)(\/\d+)?$/.exec(path);
    if (!m) return false;
    return m[1] === 'metadata' ? this.items.has(m[2] ?? '') : this.collections.has(m[2] ?? '');
  }

  /** One Metadata entry as PMS renders it (docs/UPSTREAMS.md B4/B5). */
  metadataJson(item: PlexItem, options: { includeGuids: boolean }): Record<string, unknown> {
    const section = this.section(item.sectionKey);
    const parent = item.parentRatingKey === undefined ? undefined : this.items.get(item.parentRatingKey);
    const grandparent = parent?.parentRatingKey === undefined ? undefined : this.items.get(parent.parentRatingKey);
    const hasChildren = item.type === 'show' || item.type === 'season' || item.type === 'artist' || item.type === 'album';
    const kids = hasChildren ? this.childrenOf(item.ratingKey) : [];
    const out: Record<string, unknown> = {
      ratingKey: item.ratingKey,
      // docs/UPSTREAMS.md B5: a show's key points at its children.
      key: `/library/metadata/${item.ratingKey}${hasChildren ? '/children' : ''}`,
      guid: item.guid, type: item.type, title: item.title,
      librarySectionTitle: section?.title, librarySectionID: Number(item.sectionKey), librarySectionKey: `/library/sections/${item.sectionKey}`,
    };
    if (item.titleSort !== item.title) out.titleSort = item.titleSort;
    if (item.studio) out.studio = item.studio;
    if (item.contentRating) out.contentRating = item.contentRating;
    out.summary = item.summary;
    if (item.rating !== undefined) out.rating = item.rating;
    if (item.year !== undefined) out.year = item.year;
    if (parent) Object.assign(out, { parentRatingKey: parent.ratingKey, parentKey: `/library/metadata/${parent.ratingKey}`, parentTitle: parent.title, parentThumb: thumbPath(parent) });
    if (grandparent) Object.assign(out, { grandparentRatingKey: grandparent.ratingKey, grandparentKey: `/library/metadata/${grandparent.ratingKey}`, grandparentTitle: grandparent.title, grandparentThumb: thumbPath(grandparent), grandparentArt: artPath(grandparent) });
    if (item.index !== undefined) out.index = item.index;
    if (item.type === 'episode' || item.type === 'track') out.parentIndex = parent?.index ?? 1;
    out.thumb = thumbPath(item);
    out.art = artPath(grandparent ?? parent ?? item);
    if (item.duration !== undefined) out.duration = item.duration;
    if (item.year !== undefined && (item.type === 'movie' || item.type === 'episode')) out.originallyAvailableAt = `${item.year}-03-31`;
    if (item.type === 'show') {
      const episodes = kids.reduce((n, season) => n + this.childrenOf(season.ratingKey).length, 0);
      Object.assign(out, { leafCount: episodes, viewedLeafCount: 0, childCount: kids.length });
    } else if (hasChildren) {
      Object.assign(out, { leafCount: kids.length, viewedLeafCount: 0 });
    }
    out.addedAt = item.addedAt;
    out.updatedAt = item.updatedAt;
    if (item.type === 'movie' || item.type === 'episode' || item.type === 'track') out.Media = [mediaJson(item)];
    if (item.genres.length > 0) out.Genre = item.genres.map((tag) => ({ tag }));
    if (item.labels?.length) out.Label = item.labels.map((tag) => ({ tag }));
    if (item.cast?.length) out.Role = item.cast.map((r, i) => ({ id: 9000 + i, filter: `actor=${9000 + i}`, tag: r.tag, tagKey: `role${i}`, role: r.role }));
    // docs/UPSTREAMS.md B4: listings carry Guid[] only with includeGuids=1.
    if (options.includeGuids) out.Guid = item.guids.map((id) => ({ id }));
    return out;
  }

  collectionJson(c: PlexCollection): Record<string, unknown> {
    const section = this.section(c.sectionKey);
    return {
      ratingKey: c.ratingKey, key: `/library/collections/${c.ratingKey}/children`, guid: `collection://${plexHex(Number(c.ratingKey))}`,
      type: 'collection', title: c.title, librarySectionTitle: section?.title, librarySectionID: Number(c.sectionKey),
      librarySectionKey: `/library/sections/${c.sectionKey}`, subtype: section?.type ?? 'movie', summary: c.summary,
      thumb: `/library/collections/${c.ratingKey}/composite/${c.updatedAt}`, smart: false,
      childCount: c.itemRatingKeys.length, addedAt: c.addedAt, updatedAt: c.updatedAt,
    };
  }
}

export function thumbPath(item: PlexItem): string {
  return `/library/metadata/${item.ratingKey}/thumb/${item.updatedAt}`;
}

function artPath(item: PlexItem): string {
  return `/library/metadata/${item.ratingKey}/art/${item.updatedAt}`;
}

function sortTitle(title: string): string {
  return title.replace(/^(The|A|An) /, '');
}

function plexHex(n: number): string {
  return `5d7768${(n * 2654435761 >>> 0).toString(16).padStart(8, '0')}${n.toString(16).padStart(10, '0')}`;
}

function mediaJson(item: PlexItem): Record<string, unknown> {
  const id = Number(item.ratingKey) * 3;
  const audio = item.type === 'track';
  const container = audio ? 'flac' : 'mkv';
  return {
    id, duration: item.duration, bitrate: audio ? 1000 : 8000, container,
    ...(audio ? { audioCodec: 'flac', audioChannels: 2 } : { width: 1920, height: 1080, videoResolution: '1080', videoCodec: 'h264', audioCodec: 'aac', audioChannels: 6 }),
    Part: [{ id: id + 1, key: `/library/parts/${id + 1}/${item.addedAt}/file.${container}`, duration: item.duration, file: `/media/${item.ratingKey}.${container}`, size: 1_000_000 + id, container }],
  };
}

const ADJECTIVES = ['Silent', 'Crimson', 'Broken', 'Hidden', 'Last', 'Golden', 'Frozen', 'Distant', 'Electric', 'Midnight', 'Wild', 'Hollow', 'Iron', 'Paper', 'Burning', 'Quiet', 'Lost', 'Secret', 'Northern', 'Velvet'];
const NOUNS = ['River', 'Empire', 'Garden', 'Signal', 'Horizon', 'Orchard', 'Harbor', 'Kingdom', 'Mirror', 'Frontier', 'Lighthouse', 'Station', 'Canyon', 'Circus', 'Voyage', 'Archive', 'Island', 'Machine', 'Summer', 'Witness'];

/** Fills `lib` deterministically: Movies ("1"), TV Shows ("2"), Music ("3"). */
export function buildSampleLibrary(lib: PlexLibrary, options: SampleLibraryOptions = {}): void {
  const o = { movies: 300, shows: 40, seasonsPerShow: 3, episodesPerSeason: 6, collections: 5, artists: 3, seed: 42, ...options };
  const random = seededRandom(o.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const used = new Set<string>(['The Matrix', 'Game of Thrones']);
  const title = (): string => {
    const base = `${random() < 0.3 ? 'The ' : ''}${pick(ADJECTIVES)} ${pick(NOUNS)}`;
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base} ${n}`;
    used.add(candidate);
    return candidate;
  };
  const genres = (): string[] => [...new Set([pick(GENRES), pick(GENRES)])];
  const addedAt = (): number => 1560000000 + Math.floor(random() * 150_000_000);

  lib.addSection({ key: '1', type: 'movie', title: 'Movies' });
  lib.addSection({ key: '2', type: 'show', title: 'TV Shows' });
  lib.addSection({ key: '3', type: 'artist', title: 'Music' });

  const movies: PlexItem[] = [];
  for (let i = 0; i < o.movies; i++) {
    const base = { sectionKey: '1', type: 'movie' as const, addedAt: addedAt(), duration: 5_400_000 + Math.floor(random() * 3_600_000), studio: 'Fake Studios', contentRating: 'PG-13', rating: Math.round(random() * 90 + 10) / 10 };
    if (i === 0) {
      // The well-known title tests look up (docs/UPSTREAMS.md B4 Guid format).
      movies.push(lib.addItem({ ...base, title: 'The Matrix', year: 1999, studio: 'Warner Bros.', contentRating: 'R', genres: ['Action', 'Science Fiction'], cast: [{ tag: 'Keanu Reeves', role: 'Neo' }, { tag: 'Carrie-Anne Moss', role: 'Trinity' }], summary: 'Set in the 22nd century, The Matrix tells the story of a computer hacker who joins a group of underground insurgents fighting the vast and powerful computers who now rule the earth.', guids: ['imdb://tt0133093', 'tmdb://603', 'tvdb://169'] }));
      continue;
    }
    const tmdb = 100000 + i;
    // Every 50th movie is unmatched (local agent): no external ids, as happens on real servers.
    const guids = i % 50 === 49 ? [] : [`imdb://tt${String(2000000 + i * 37).padStart(7, '0')}`, `tmdb://${tmdb}`, `tvdb://${50000 + i}`];
    movies.push(lib.addItem({ ...base, title: title(), year: 1950 + Math.floor(random() * 75), genres: genres(), summary: `Sample movie number ${i}.`, guids, ...(guids.length === 0 ? { guid: `local://${tmdb}` } : {}) }));
  }

  for (let s = 0; s < o.shows; s++) {
    const got = s === 0;
    const show = lib.addItem({
      sectionKey: '2', type: 'show', addedAt: addedAt(), genres: got ? ['Drama', 'Fantasy'] : genres(),
      title: got ? 'Game of Thrones' : title(), year: got ? 2011 : 1990 + Math.floor(random() * 35),
      summary: got ? 'Seven noble families fight for control of the mythical land of Westeros.' : `Sample show number ${s}.`,
      guids: got ? ['imdb://tt0944947', 'tmdb://1399', 'tvdb://121361'] : [`imdb://tt${String(5000000 + s * 41).padStart(7, '0')}`, `tmdb://${200000 + s}`, `tvdb://${300000 + s}`],
      contentRating: 'TV-MA',
    });
    for (let n = 1; n <= o.seasonsPerShow; n++) {
      const season = lib.addItem({ sectionKey: '2', type: 'season', title: `Season ${n}`, parentRatingKey: show.ratingKey, index: n, addedAt: show.addedAt + n * 86400, guids: [] });
      for (let e = 1; e <= o.episodesPerSeason; e++) {
        lib.addItem({
          sectionKey: '2', type: 'episode', title: `Episode ${e}`, parentRatingKey: season.ratingKey, index: e, year: (show.year ?? 2000) + n - 1,
          addedAt: season.addedAt + e * 3600, duration: 3_000_000, summary: `Season ${n}, episode ${e} of ${show.title}.`,
          guids: [`tvdb://${9000000 + Number(season.ratingKey) * 10 + e}`],
        });
      }
    }
  }

  for (let a = 0; a < o.artists; a++) {
    const artist = lib.addItem({ sectionKey: '3', type: 'artist', title: `Artist ${String.fromCharCode(65 + (a % 26))}`, addedAt: addedAt(), genres: ['Rock'] });
    for (let b = 1; b <= 2; b++) {
      const album = lib.addItem({ sectionKey: '3', type: 'album', title: `Album ${b}`, parentRatingKey: artist.ratingKey, index: b, year: 2000 + a + b, addedAt: artist.addedAt + b });
      for (let t = 1; t <= 4; t++) lib.addItem({ sectionKey: '3', type: 'track', title: `Track ${t}`, parentRatingKey: album.ratingKey, index: t, addedAt: album.addedAt, duration: 200_000 });
    }
  }

  for (let c = 0; c < o.collections && movies.length > 0; c++) {
    const size = 5 + Math.floor(random() * 16);
    const members = new Set<string>(c === 0 && movies[0] ? [movies[0].ratingKey] : []);
    while (members.size < Math.min(size, movies.length)) members.add(pick(movies).ratingKey);
    lib.addCollection('1', c === 0 ? 'The Matrix Collection' : `${pick(NOUNS)} Collection ${c}`, [...members]);
  }
}
