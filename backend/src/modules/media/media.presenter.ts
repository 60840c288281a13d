import type { MediaRequest, MediaRequestHistory } from '@prisma/client';
import type { z } from 'zod';
import type { mediaRequestSchema, mediaRequestWithHistorySchema } from './media.schemas';

export type MediaRequestResponse = z.infer<typeof mediaRequestSchema>;
export type MediaRequestWithHistoryResponse = z.infer<typeof mediaRequestWithHistorySchema>;

const TMDB_POSTER_BASE = 'https://image.tmdb.org/t/p/w500';

export function posterUrl(posterPath: string | null | undefined): string | null {
  return posterPath ? `${TMDB_POSTER_BASE}${posterPath}` : null;
}

/** Year of an ISO date ("1999-03-31"), or null when absent or malformed. */
export function yearOf(date: string | null | undefined): number | null {
  const match = date ? /^(\d{4})/.exec(date) : null;
  return match ? Number(match[1]) : null;
}

function seasonsOf(value: unknown): number[] | 'all' | null {
  if (value === 'all') return 'all';
  if (Array.isArray(value)) return value.filter((n): n is number => typeof n === 'number');
  return null;
}

export function toMediaRequestResponse(row: MediaRequest): MediaRequestResponse {
  return {
    id: row.id,
    userId: row.userId,
    tmdbId: row.tmdbId,
    mediaType: row.mediaType,
    title: row.title,
    year: row.year,
    posterUrl: posterUrl(row.posterPath),
    status: row.status,
    seasons: seasonsOf(row.seasons),
    overseerrRequestId: row.overseerrRequestId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
  };
}

export function toMediaRequestWithHistory(row: MediaRequest & { history: MediaRequestHistory[] }): MediaRequestWithHistoryResponse {
  return {
    ...toMediaRequestResponse(row),
    history: row.history.map((h) => ({ status: h.status, at: h.at.toISOString() })),
  };
}
