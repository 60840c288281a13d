import { IMAGE_SIZES, type ImageSigner, type ImageSize } from './image-signing';
import type { PlexCollection, PlexItemPage, PlexMedia, PlexMediaDetail } from './plex.mapping';
import type { CollectionResponse, MediaItemDetailResponse, MediaItemResponse } from './plex.schemas';
import type { List, PageQuery } from '../../http/pagination';
import { serializeJson, type SerializedJson } from '../../http/endpoint';

/**
 * Plex data → the contract's objects. Image paths become signed URLs of our
 * own image route, so neither the Plex server address nor its token ever
 * reaches a browser; only the fields listed here leave the server.
 */
export class PlexPresenter {
  /** Pages held by the cache are shared, unchanging objects: each is presented and serialized once per page query and image expiry. */
  private readonly pages = new WeakMap<PlexItemPage, Map<string, { body: List<MediaItemResponse>; serialized: SerializedJson }>>();

  constructor(private readonly images: ImageSigner) {}

  /** `mediaPage` with its JSON text, remembered while the cached page object lives (only frozen, shared pages). */
  mediaPageSerialized(page: PlexItemPage, q: PageQuery): { body: List<MediaItemResponse>; serialized: SerializedJson } {
    if (!Object.isFrozen(page)) {
      const body = this.mediaPage(page, q);
      return { body, serialized: serializeJson(body) };
    }
    const key = `${q.page}:${q.pageSize}:${this.images.expiry()}`;
    let forPage = this.pages.get(page);
    if (!forPage) this.pages.set(page, (forPage = new Map()));
    let hit = forPage.get(key);
    if (!hit) {
      if (forPage.size > 8) forPage.clear();
      const body = this.mediaPage(page, q);
      hit = { body, serialized: serializeJson(body) };
      forPage.set(key, hit);
    }
    return hit;
  }

  mediaItem(m: PlexMedia, size: ImageSize = IMAGE_SIZES.poster): MediaItemResponse {
    return {
      id: m.id,
      libraryId: m.libraryId,
      type: m.type,
      title: m.title,
      year: m.year,
      thumbUrl: this.images.url(m.thumb, size),
      addedAt: m.addedAt === null ? null : new Date(m.addedAt * 1000).toISOString(),
      guids: { ...m.guids },
    };
  }

  mediaItemDetail(m: PlexMediaDetail): MediaItemDetailResponse {
    const facts = m.facts ?? { runtimeMinutes: null, genres: [], rating: null, contentRating: null, cast: [] };
    return { ...this.mediaItem(m, IMAGE_SIZES.detail), summary: m.summary, children: m.children.map((c) => this.mediaItem(c)), ...facts, plexUrl: m.plexUrl ?? null };
  }

  mediaPage(page: PlexItemPage, q: PageQuery): List<MediaItemResponse> {
    return { items: page.items.map((m) => this.mediaItem(m)), total: page.total, page: q.page, pageSize: q.pageSize };
  }

  collection(c: PlexCollection): CollectionResponse {
    return { id: c.id, title: c.title, childCount: c.childCount, thumbUrl: this.images.url(c.thumb, IMAGE_SIZES.poster) };
  }
}
