import type { Follow, RequestStatus } from '@prisma/client';

export interface FollowResponse {
  tmdbId: number;
  mediaType: 'movie' | 'tv';
  title: string | null;
  source: string;
  createdAt: string;
  availableNotifiedAt: string | null;
}

export function toFollowResponse(f: Follow): FollowResponse {
  return {
    tmdbId: f.tmdbId,
    mediaType: f.mediaType,
    title: f.title,
    source: f.source,
    createdAt: f.createdAt.toISOString(),
    availableNotifiedAt: f.availableNotifiedAt?.toISOString() ?? null,
  };
}

/** What MediaNest knows about a followed title: a request status, or `not_requested`. */
export type FollowedTitleState = RequestStatus | 'not_requested';

/** A followed title in the list, with what a dashboard shows of it. */
export interface FollowListItem extends FollowResponse {
  posterUrl: string | null;
  state: FollowedTitleState;
}
