import type { MediaRequest } from '@prisma/client';
import { MediaStatusCode, type OverseerrTitleDetails, RequestStatusCode } from '../../integrations/overseerr/overseerr.schemas';
import type { RequestAction, SeasonStatus, TitleCard, TitleDetails } from './discover.schemas';
import { isOpen } from './request-status';

/*
 * Season arithmetic of TV requests, without I/O: which seasons an "all"
 * request stands for, each season's state on a title page, and what the
 * title page offers to request.
 */

/**
 * The seasons to ask Overseerr for. "All" is sent as the explicit list of
 * regular seasons: Overseerr expands "all" to every TMDB season including
 * season 0 (specials), and a request waiting on specials would never be
 * complete (docs/UPSTREAMS.md C3).
 */
export function upstreamSeasons(seasons: number[] | 'all' | null, details: { seasons?: Array<{ seasonNumber: number }> | null }): number[] | 'all' | null {
  if (seasons !== 'all') return seasons;
  const regular = (details.seasons ?? []).map((s) => s.seasonNumber).filter((n) => n > 0);
  return regular.length > 0 ? [...new Set(regular)].sort((a, b) => a - b) : 'all';
}

const SEASON_BY_MEDIA_STATUS: Partial<Record<number, SeasonStatus>> = {
  [MediaStatusCode.AVAILABLE]: 'available',
  [MediaStatusCode.PARTIALLY_AVAILABLE]: 'partially_available',
  [MediaStatusCode.PROCESSING]: 'processing',
  [MediaStatusCode.PENDING]: 'requested',
};

/**
 * The show's regular seasons (specials left out) with their state: availability from
 * mediaInfo.seasons joined by season number (no row = unknown, UPSTREAMS G4), else the live
 * non-4K requests that include the season (Overseerr's own and the user's open ones).
 */
export function seasonStates(details: OverseerrTitleDetails, own: MediaRequest[]): TitleDetails['seasons'] {
  const live = (details.mediaInfo?.requests ?? []).filter((r) => !r.is4k && r.status !== RequestStatusCode.DECLINED);
  return (details.seasons ?? [])
    .filter((s) => s.seasonNumber > 0)
    .sort((a, b) => a.seasonNumber - b.seasonNumber)
    .map((s) => {
      let status: SeasonStatus = SEASON_BY_MEDIA_STATUS[details.mediaInfo?.seasons?.find((m) => m.seasonNumber === s.seasonNumber)?.status ?? 0] ?? 'not_requested';
      if (status === 'not_requested') {
        const asked = live.filter((r) => r.seasons?.some((x) => x.seasonNumber === s.seasonNumber));
        if (asked.some((r) => r.status === RequestStatusCode.APPROVED)) status = 'processing';
        else if (asked.length > 0) status = 'requested';
        else if (own.some((r) => isOpen(r.status) && (r.seasons === 'all' || (Array.isArray(r.seasons) && r.seasons.includes(s.seasonNumber))))) status = 'requested';
      }
      return {
        seasonNumber: s.seasonNumber,
        name: s.name || `Season ${s.seasonNumber}`,
        episodeCount: s.episodeCount ?? null,
        airDate: s.airDate || null,
        status,
        requestable: status === 'not_requested',
      };
    });
}

export function actionOf(card: TitleCard, seasons: TitleDetails['seasons'], mine: MediaRequest | undefined): RequestAction {
  const declined = mine?.status === 'declined';
  if (card.mediaType === 'movie' || seasons.length === 0) {
    if (card.status === 'available') return 'available';
    if (card.status === 'not_requested') return declined ? 'declined' : 'request';
    return card.status === 'partially_available' ? 'request_more' : 'requested';
  }
  const requestable = seasons.filter((s) => s.requestable).length;
  if (requestable === seasons.length && card.status !== 'available') return declined ? 'declined' : 'request';
  if (requestable > 0) return 'request_more';
  return seasons.every((s) => s.status === 'available' || s.status === 'partially_available') || card.status === 'available' ? 'available' : 'requested';
}
