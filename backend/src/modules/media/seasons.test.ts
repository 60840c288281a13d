import type { MediaRequest } from '@prisma/client';
import { describe, expect, it } from 'vitest';
import { MediaStatusCode as M, type OverseerrTitleDetails, RequestStatusCode as R } from '../../integrations/overseerr/overseerr.schemas';
import type { TitleCard, TitleDetails } from './discover.schemas';
import { actionOf, seasonStates, upstreamSeasons } from './seasons';

const details = (seasons: number[], mediaInfo?: { seasons?: Array<[number, number]>; requests?: Array<{ status: number; seasons: number[]; is4k?: boolean }> }) =>
  ({
    seasons: seasons.map((seasonNumber) => ({ seasonNumber, name: seasonNumber === 0 ? 'Specials' : '', episodeCount: 8, airDate: '2020-01-01' })),
    mediaInfo: mediaInfo && {
      seasons: (mediaInfo.seasons ?? []).map(([seasonNumber, status]) => ({ seasonNumber, status, status4k: M.UNKNOWN })),
      requests: (mediaInfo.requests ?? []).map((r, i) => ({ id: i + 1, status: r.status, is4k: r.is4k ?? false, seasons: r.seasons.map((seasonNumber) => ({ seasonNumber })) })),
    },
  }) as unknown as OverseerrTitleDetails;
const own = (status: MediaRequest['status'], seasons: number[] | 'all') => ({ status, seasons }) as unknown as MediaRequest;
const statuses = (s: TitleDetails['seasons']) => Object.fromEntries(s.map((x) => [x.seasonNumber, x.status]));

describe('which seasons a request asks Overseerr for', () => {
  it('"all" becomes the explicit, sorted list of regular seasons, without season 0', () => {
    expect(upstreamSeasons('all', { seasons: [{ seasonNumber: 3 }, { seasonNumber: 0 }, { seasonNumber: 1 }, { seasonNumber: 2 }, { seasonNumber: 1 }] })).toEqual([1, 2, 3]);
  });
  it('"all" stays "all" when the show lists no regular season; explicit lists and movies pass as they are', () => {
    expect(upstreamSeasons('all', { seasons: [{ seasonNumber: 0 }] })).toBe('all');
    expect(upstreamSeasons('all', { seasons: null })).toBe('all');
    expect(upstreamSeasons([2, 4], { seasons: [{ seasonNumber: 1 }] })).toEqual([2, 4]);
    expect(upstreamSeasons(null, { seasons: [{ seasonNumber: 1 }] })).toBeNull();
  });
});

describe('season states on a title page', () => {
  it('lists regular seasons only, in order, named when TMDB gives no name', () => {
    const s = seasonStates(details([2, 0, 1]), []);
    expect(s.map((x) => x.seasonNumber)).toEqual([1, 2]);
    expect(s[0]).toEqual({ seasonNumber: 1, name: 'Season 1', episodeCount: 8, airDate: '2020-01-01', status: 'not_requested', requestable: true });
  });

  it('takes availability from the season rows, else the live requests that include the season', () => {
    const s = seasonStates(
      details([1, 2, 3, 4, 5, 6], {
        seasons: [
          [1, M.AVAILABLE],
          [2, M.PARTIALLY_AVAILABLE],
        ],
        requests: [
          { status: R.APPROVED, seasons: [3] },
          { status: R.PENDING, seasons: [4] },
          { status: R.DECLINED, seasons: [5] },
          { status: R.APPROVED, seasons: [6], is4k: true },
        ],
      }),
      [],
    );
    expect(statuses(s)).toEqual({ 1: 'available', 2: 'partially_available', 3: 'processing', 4: 'requested', 5: 'not_requested', 6: 'not_requested' });
    // Only the seasons nobody asked for remain requestable.
    expect(s.filter((x) => x.requestable).map((x) => x.seasonNumber)).toEqual([5, 6]);
  });

  it('the user\u2019s own open request counts for its seasons ("all" for every one); a closed one does not', () => {
    expect(statuses(seasonStates(details([1, 2, 3]), [own('pending', [2])]))).toEqual({ 1: 'not_requested', 2: 'requested', 3: 'not_requested' });
    expect(statuses(seasonStates(details([1, 2]), [own('approved', 'all')]))).toEqual({ 1: 'requested', 2: 'requested' });
    expect(statuses(seasonStates(details([1, 2]), [own('declined', 'all'), own('available', [1])]))).toEqual({ 1: 'not_requested', 2: 'not_requested' });
  });
});

describe('what the request button offers', () => {
  const card = (mediaType: 'movie' | 'tv', status: TitleCard['status']) => ({ mediaType, status }) as TitleCard;
  const seasons = (...s: Array<TitleDetails['seasons'][number]['status']>) => s.map((status, i) => ({ seasonNumber: i + 1, name: '', episodeCount: null, airDate: null, status, requestable: status === 'not_requested' }));

  it('a movie follows its card status; a declined request of the user says so', () => {
    expect(actionOf(card('movie', 'available'), [], undefined)).toBe('available');
    expect(actionOf(card('movie', 'not_requested'), [], undefined)).toBe('request');
    expect(actionOf(card('movie', 'not_requested'), [], own('declined', 'all'))).toBe('declined');
    expect(actionOf(card('movie', 'processing'), [], undefined)).toBe('requested');
    expect(actionOf(card('movie', 'partially_available'), [], undefined)).toBe('request_more');
  });

  it('a show: every season requestable is a request, some is request more, none is requested or available', () => {
    expect(actionOf(card('tv', 'not_requested'), seasons('not_requested', 'not_requested'), undefined)).toBe('request');
    expect(actionOf(card('tv', 'not_requested'), seasons('not_requested', 'not_requested'), own('declined', 'all'))).toBe('declined');
    expect(actionOf(card('tv', 'partially_available'), seasons('available', 'not_requested'), undefined)).toBe('request_more');
    expect(actionOf(card('tv', 'processing'), seasons('available', 'processing'), undefined)).toBe('requested');
    expect(actionOf(card('tv', 'partially_available'), seasons('available', 'partially_available'), undefined)).toBe('available');
    expect(actionOf(card('tv', 'available'), seasons('available', 'requested'), undefined)).toBe('available');
  });
});
