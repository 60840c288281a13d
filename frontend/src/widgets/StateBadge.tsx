import type { Availability, RequestStatus } from '../api/types';
import { Badge, type Tone } from '../components/Badge';

/**
 * The one status vocabulary of the web app: badges, toasts, lists, search and title pages use
 * these words for these states (a request being downloaded and a title being downloaded read
 * the same), so nobody sees two names for one thing.
 */
type DisplayState = RequestStatus | Availability;
export const STATE_LABEL: Record<DisplayState, string> = {
  pending: 'Pending approval',
  requested: 'Requested',
  approved: 'Approved',
  processing: 'Downloading',
  partially_available: 'Partly available',
  available: 'Available',
  declined: 'Declined',
  failed: 'Failed',
  deleted: 'Removed from the server',
  not_requested: 'Not requested',
};
const stateTone: Record<DisplayState, Tone> = {
  pending: 'yellow',
  requested: 'yellow',
  approved: 'blue',
  processing: 'purple',
  partially_available: 'green',
  available: 'green',
  declined: 'red',
  failed: 'red',
  deleted: 'neutral',
  not_requested: 'neutral',
};

export const REQUEST_STATUS_LABEL: Record<RequestStatus, string> = STATE_LABEL;

/** What a card or title says: its availability, except that the user's own declined or failed request is named, not hidden as "Not requested". */
export function titleState(result: { status: Availability; requestStatus?: RequestStatus | undefined }): DisplayState {
  if (result.status === 'not_requested' && (result.requestStatus === 'declined' || result.requestStatus === 'failed')) return result.requestStatus;
  return result.status;
}

export function StateBadge({ state }: { state: DisplayState }) {
  return <Badge tone={stateTone[state]}>{STATE_LABEL[state]}</Badge>;
}

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  return <StateBadge state={status} />;
}
