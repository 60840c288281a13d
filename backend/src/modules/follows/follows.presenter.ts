import type { Follow } from '@prisma/client';

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
