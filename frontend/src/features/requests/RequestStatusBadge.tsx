import type { Availability, RequestStatus } from '../../api/types';
import { Badge, type Tone } from '../../components/Badge';

export const REQUEST_STATUS_LABEL: Record<RequestStatus, string> = {
  pending: 'Pending approval',
  approved: 'Approved',
  processing: 'Downloading',
  partially_available: 'Partly available',
  available: 'Available',
  declined: 'Declined',
  failed: 'Failed',
  deleted: 'Removed from the server',
};
const requestTone: Record<RequestStatus, Tone> = {
  pending: 'yellow',
  approved: 'blue',
  processing: 'purple',
  partially_available: 'green',
  available: 'green',
  declined: 'red',
  failed: 'red',
  deleted: 'neutral',
};

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  return <Badge tone={requestTone[status]}>{REQUEST_STATUS_LABEL[status]}</Badge>;
}

export const AVAILABILITY_LABEL: Record<Availability, string> = {
  available: 'Available',
  partially_available: 'Partly available',
  processing: 'Processing',
  requested: 'Requested',
  not_requested: 'Not requested',
};
const availabilityTone: Record<Availability, Tone> = {
  available: 'green',
  partially_available: 'green',
  processing: 'purple',
  requested: 'yellow',
  not_requested: 'neutral',
};

export function AvailabilityBadge({ status }: { status: Availability }) {
  return <Badge tone={availabilityTone[status]}>{AVAILABILITY_LABEL[status]}</Badge>;
}
