import type { RequestStatus } from '@prisma/client';
import { MediaStatusCode, type OverseerrMediaInfo, RequestStatusCode } from '../../integrations/overseerr/overseerr.schemas';

export const REQUEST_STATUSES = ['pending', 'approved', 'processing', 'partially_available', 'available', 'declined', 'failed', 'deleted'] as const satisfies readonly RequestStatus[];
export const OPEN_STATUSES: RequestStatus[] = ['pending', 'approved', 'processing'];
/** What the reconciliation poll refreshes: open requests, and TV requests still waiting for some of their seasons. */
export const SYNCED_STATUSES: RequestStatus[] = [...OPEN_STATUSES, 'partially_available'];

export function isOpen(status: RequestStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * The contract's mapping from Overseerr's request status R and media status M
 * (docs/UPSTREAMS.md C9): R=DECLINED → declined, R=FAILED →
 * failed, R=PENDING → pending; R=APPROVED, or Seerr's COMPLETED (which Seerr
 * also sets when the media is deleted, so it proves nothing alone), goes by M:
 * AVAILABLE → available, PARTIALLY_AVAILABLE → partially_available,
 * PROCESSING → processing, DELETED → deleted, else approved. For a TV request
 * pass M from requestMediaStatus, which looks at the request's own seasons.
 */
export function mapOverseerrStatus(requestStatus: number, mediaStatus: number | undefined): RequestStatus {
  switch (requestStatus) {
    case RequestStatusCode.DECLINED:
      return 'declined';
    case RequestStatusCode.FAILED:
      return 'failed';
    case RequestStatusCode.PENDING:
      return 'pending';
  }
  if (mediaStatus === MediaStatusCode.DELETED) return 'deleted';
  if (mediaStatus === MediaStatusCode.AVAILABLE) return 'available';
  if (mediaStatus === MediaStatusCode.PARTIALLY_AVAILABLE) return 'partially_available';
  if (mediaStatus === MediaStatusCode.PROCESSING) return 'processing';
  return 'approved';
}

interface RequestLike {
  type?: string;
  is4k?: boolean;
  seasons?: Array<{ seasonNumber: number }>;
  media?: OverseerrMediaInfo | null;
}

/**
 * The media status that counts for one request. A movie's is its media's.
 * A TV request is about its own seasons: it is complete when all of them are
 * AVAILABLE, even while the show stays PARTIALLY_AVAILABLE (specials or a later
 * season missing), which is when Overseerr sends MEDIA_AVAILABLE for it.
 * Seasons without a row are UNKNOWN; without per-season rows the show's status is all there is.
 */
export function requestMediaStatus(request: RequestLike): number | undefined {
  const media = request.media;
  if (!media) return undefined;
  const overall = request.is4k ? media.status4k : media.status;
  const asked = request.seasons?.map((s) => s.seasonNumber) ?? [];
  if (request.type !== 'tv' || asked.length === 0 || !media.seasons || media.seasons.length === 0) return overall;
  const rows = media.seasons;
  const statuses = asked.map((n) => {
    const row = rows.find((s) => s.seasonNumber === n);
    return (request.is4k ? row?.status4k : row?.status) ?? MediaStatusCode.UNKNOWN;
  });
  if (statuses.every((s) => s === MediaStatusCode.AVAILABLE)) return MediaStatusCode.AVAILABLE;
  if (statuses.some((s) => s === MediaStatusCode.AVAILABLE || s === MediaStatusCode.PARTIALLY_AVAILABLE)) return MediaStatusCode.PARTIALLY_AVAILABLE;
  if (statuses.every((s) => s === MediaStatusCode.DELETED)) return MediaStatusCode.DELETED;
  // None of its seasons is in yet, whatever the show's other seasons are.
  return overall === MediaStatusCode.AVAILABLE || overall === MediaStatusCode.PARTIALLY_AVAILABLE ? MediaStatusCode.PROCESSING : overall;
}

/** A media status name as the webhook template renders it ("AVAILABLE") to its number. */
export function mediaStatusFromName(name: string | null | undefined): number | undefined {
  if (!name) return undefined;
  return (MediaStatusCode as Record<string, number>)[name.toUpperCase()];
}

/**
 * How far along a request is. Progress only moves forward: webhooks carry no
 * timestamp and may arrive repeated or out of order, and the reconciliation
 * poll may read a state older than a webhook handled meanwhile, so an update
 * that would move a request backwards is treated as stale and ignored
 * (a late MEDIA_APPROVED never turns `available` back into `approved`).
 */
const RANK: Record<RequestStatus, number> = {
  pending: 0,
  approved: 1,
  processing: 2,
  partially_available: 3,
  available: 4,
  failed: 2,
  deleted: 2,
  declined: 5,
};

/** Where a status change comes from; `admin` is an approve or decline from MediaNest's request queue. */
export type UpdateSource = 'webhook' | 'sync' | 'admin';

/**
 * Whether a request at `current` should move to `next`:
 * - the same status again is a repeat: nothing changes, history does not grow;
 * - `declined` is final: a declined request is never reopened by an update;
 * - `available` is final too: later news about it (a late MEDIA_FAILED, media
 *   removed from the library) does not take availability back;
 * - `failed` and `deleted` are left only for `available`, or by the
 *   reconciliation poll, which reads Overseerr's current state (an admin
 *   retried the request, the title was added again);
 * - `deleted` (the media was removed from the server) is reachable from any
 *   status that is not final;
 * - `declined` and `failed` are reachable from any open status;
 * - otherwise only forward moves along pending → approved → processing →
 *   partially_available → available are applied.
 */
export function shouldTransition(current: RequestStatus, next: RequestStatus, source: UpdateSource): boolean {
  if (current === next) return false;
  if (current === 'declined' || current === 'available') return false;
  if (current === 'failed' || current === 'deleted') return next === 'available' || (source === 'sync' && next !== 'pending');
  if (next === 'declined' || next === 'failed') return isOpen(current);
  if (next === 'deleted') return true;
  return RANK[next] > RANK[current];
}

/** What the owner reads in their notification when a request reaches `status`. */
export function notificationText(status: RequestStatus, title: string): { title: string; message: string } {
  switch (status) {
    case 'pending':
      return { title: 'Request pending', message: `${title} is waiting for approval` };
    case 'approved':
      return { title: 'Request approved', message: `${title} was approved` };
    case 'processing':
      return { title: 'Request processing', message: `${title} is being downloaded` };
    case 'partially_available':
      return { title: 'Partially available', message: `${title} is now partially available` };
    case 'available':
      return { title: 'Now available', message: `${title} is now available` };
    case 'declined':
      return { title: 'Request declined', message: `${title} was declined` };
    case 'failed':
      return { title: 'Request failed', message: `${title} could not be processed` };
    case 'deleted':
      return { title: 'Removed from the server', message: `${title} was removed from the server` };
  }
}
