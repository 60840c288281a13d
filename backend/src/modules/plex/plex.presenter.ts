import { IMAGE_SIZES, type ImageSigner, type ImageSize } from './image-signing';
import type { PlexCollection, PlexItemPage, PlexMedia, PlexMediaDetail } from './plex.mapping';
import type { CollectionResponse, MediaItemDetailResponse, MediaItemResponse } from './plex.schemas';
import type { List, PageQuery } from '../../http/pagination';

/**
 * Plex data → the contract's objects. Image paths become signed URLs of our
 * own image route, so neither the Plex server address nor its token ever
 * reaches a browser; only the fields listed here leave the server.
 */
export class PlexPresenter {
  constructor(private readonly images: ImageSigner) {}

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
    return { ...this.mediaItem(m, IMAGE_SIZES.detail), summary: m.summary, children: m.children.map((c) => this.mediaItem(c)), ...facts };
  }

  mediaPage(page: PlexItemPage, q: PageQuery): List<MediaItemResponse> {
    return { items: page.items.map((m) => this.mediaItem(m)), total: page.total, page: q.page, pageSize: q.pageSize };
  }

  collection(c: PlexCollection): CollectionResponse {
    return { id: c.id, title: c.title, childCount: c.childCount, thumbUrl: this.images.url(c.thumb, IMAGE_SIZES.poster) };
  }
}
