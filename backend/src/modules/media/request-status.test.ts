import type { RequestStatus } from '@prisma/client';
import { describe, expect, it } from 'vitest';
import { MediaStatusCode, RequestStatusCode } from '../../integrations/overseerr/overseerr.schemas';
import { isOpen, mapOverseerrStatus, mediaStatusFromName, REQUEST_STATUSES, requestMediaStatus, shouldTransition, type UpdateSource } from './request-status';

/**
 * Every (current, next, source) triple, against the rules written out by hand:
 * what a webhook or an admin action may change, and what the reconciliation
 * poll (which reads Overseerr's current state) may change on top.
 */
const EVENT_ALLOWED: Record<RequestStatus, RequestStatus[]> = {
  pending: ['approved', 'processing', 'partially_available', 'available', 'declined', 'failed', 'deleted'],
  approved: ['processing', 'partially_available', 'available', 'declined', 'failed', 'deleted'],
  processing: ['partially_available', 'available', 'declined', 'failed', 'deleted'],
  partially_available: ['available', 'deleted'],
  available: [],
  declined: [],
  failed: ['available'],
  deleted: ['available'],
};
const SYNC_ALLOWED: Record<RequestStatus, RequestStatus[]> = {
  ...EVENT_ALLOWED,
  failed: ['approved', 'processing', 'partially_available', 'available', 'declined', 'deleted'],
  deleted: ['approved', 'processing', 'partially_available', 'available', 'declined', 'failed'],
};
const SOURCES: UpdateSource[] = ['webhook', 'admin', 'sync'];

describe('request status transitions', () => {
  for (const source of SOURCES) {
    const allowed = source === 'sync' ? SYNC_ALLOWED : EVENT_ALLOWED;
    for (const current of REQUEST_STATUSES) {
      it(`${source}: from ${current} only to ${allowed[current].join(', ') || 'nothing'}`, () => {
        const moves = REQUEST_STATUSES.filter((next) => shouldTransition(current, next, source));
        expect(moves).toEqual(allowed[current]);
      });
    }
  }

  it('a repeated status changes nothing, whatever its source', () => {
    for (const source of SOURCES) for (const s of REQUEST_STATUSES) expect(shouldTransition(s, s, source)).toBe(false);
  });

  it('older events arriving late never move a request backwards', () => {
    // A late MEDIA_APPROVED or MEDIA_PENDING after the title became available, or while it downloads.
    expect(shouldTransition('available', 'approved', 'webhook')).toBe(false);
    expect(shouldTransition('processing', 'approved', 'webhook')).toBe(false);
    expect(shouldTransition('partially_available', 'processing', 'sync')).toBe(false);
    expect(shouldTransition('approved', 'pending', 'sync')).toBe(false);
    // A late MEDIA_FAILED does not take availability back; nothing reopens a declined request.
    expect(shouldTransition('available', 'failed', 'sync')).toBe(false);
    expect(shouldTransition('declined', 'approved', 'sync')).toBe(false);
    // A failed request is not sent back to pending even by the poll.
    expect(shouldTransition('failed', 'pending', 'sync')).toBe(false);
  });

  it('names the open statuses', () => {
    expect(REQUEST_STATUSES.filter(isOpen)).toEqual(['pending', 'approved', 'processing']);
  });
});

describe('Overseerr status mapping', () => {
  const M = MediaStatusCode;
  it('declined, failed and pending requests map by the request status alone', () => {
    for (const media of [undefined, M.AVAILABLE, M.PROCESSING, M.DELETED]) {
      expect(mapOverseerrStatus(RequestStatusCode.DECLINED, media)).toBe('declined');
      expect(mapOverseerrStatus(RequestStatusCode.FAILED, media)).toBe('failed');
      expect(mapOverseerrStatus(RequestStatusCode.PENDING, media)).toBe('pending');
    }
  });

  it('approved and completed requests map by the media status', () => {
    for (const r of [RequestStatusCode.APPROVED, RequestStatusCode.COMPLETED]) {
      expect(mapOverseerrStatus(r, M.AVAILABLE)).toBe('available');
      expect(mapOverseerrStatus(r, M.PARTIALLY_AVAILABLE)).toBe('partially_available');
      expect(mapOverseerrStatus(r, M.PROCESSING)).toBe('processing');
      expect(mapOverseerrStatus(r, M.DELETED)).toBe('deleted');
      expect(mapOverseerrStatus(r, M.PENDING)).toBe('approved');
      expect(mapOverseerrStatus(r, M.UNKNOWN)).toBe('approved');
      expect(mapOverseerrStatus(r, undefined)).toBe('approved');
    }
  });

  it('reads the webhook template\u2019s media status names', () => {
    expect(mediaStatusFromName('AVAILABLE')).toBe(M.AVAILABLE);
    expect(mediaStatusFromName('partially_available')).toBe(M.PARTIALLY_AVAILABLE);
    expect(mediaStatusFromName('NOPE')).toBeUndefined();
    expect(mediaStatusFromName('')).toBeUndefined();
    expect(mediaStatusFromName(null)).toBeUndefined();
  });
});

describe('the media status of one request (season arithmetic)', () => {
  const M = MediaStatusCode;
  const show = (overall: number, seasons: Array<[number, number]>) => ({ status: overall, status4k: M.UNKNOWN, seasons: seasons.map(([seasonNumber, status]) => ({ seasonNumber, status, status4k: M.UNKNOWN })) });
  const tv = (asked: number[], media: ReturnType<typeof show>) => ({ type: 'tv', is4k: false, seasons: asked.map((seasonNumber) => ({ seasonNumber })), media: media as never });

  it('a TV request is available when all its own seasons are, even while the show is partial', () => {
    const media = show(M.PARTIALLY_AVAILABLE, [
      [0, M.UNKNOWN],
      [1, M.AVAILABLE],
      [2, M.AVAILABLE],
      [3, M.UNKNOWN],
    ]);
    expect(requestMediaStatus(tv([1, 2], media))).toBe(M.AVAILABLE);
    expect(mapOverseerrStatus(RequestStatusCode.APPROVED, requestMediaStatus(tv([1, 2], media)))).toBe('available');
  });

  it('some of its seasons in is partial; none in while the show has others is processing', () => {
    const media = show(M.PARTIALLY_AVAILABLE, [
      [1, M.AVAILABLE],
      [2, M.PROCESSING],
      [3, M.UNKNOWN],
    ]);
    expect(requestMediaStatus(tv([1, 2], media))).toBe(M.PARTIALLY_AVAILABLE);
    expect(requestMediaStatus(tv([2, 3], media))).toBe(M.PROCESSING);
    // A season without a row counts as unknown.
    expect(requestMediaStatus(tv([4], media))).toBe(M.PROCESSING);
  });

  it('all its seasons deleted is deleted; without season rows the show\u2019s status is all there is', () => {
    expect(requestMediaStatus(tv([1], show(M.PARTIALLY_AVAILABLE, [[1, M.DELETED]])))).toBe(M.DELETED);
    expect(requestMediaStatus(tv([1, 2], show(M.PROCESSING, [])))).toBe(M.PROCESSING);
    expect(requestMediaStatus({ type: 'tv', seasons: [], media: show(M.AVAILABLE, [[1, M.UNKNOWN]]) as never })).toBe(M.AVAILABLE);
    expect(requestMediaStatus({ type: 'tv', seasons: [{ seasonNumber: 1 }], media: null })).toBeUndefined();
  });

  it('a movie\u2019s is its media\u2019s, and a 4K request reads the 4K statuses', () => {
    expect(requestMediaStatus({ type: 'movie', media: { status: M.AVAILABLE, status4k: M.PROCESSING } as never })).toBe(M.AVAILABLE);
    expect(requestMediaStatus({ type: 'movie', is4k: true, media: { status: M.AVAILABLE, status4k: M.PROCESSING } as never })).toBe(M.PROCESSING);
    const media = { status: M.PARTIALLY_AVAILABLE, status4k: M.PROCESSING, seasons: [{ seasonNumber: 1, status: M.AVAILABLE, status4k: M.AVAILABLE }] };
    expect(requestMediaStatus({ type: 'tv', is4k: true, seasons: [{ seasonNumber: 1 }], media: media as never })).toBe(M.AVAILABLE);
  });
});
