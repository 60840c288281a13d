import { useQuota } from '../../api/queries/media';
import type { MediaType } from '../../api/types';

function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** Where people request: how many requests they have left (Overseerr quota and the hourly limit) and when the hour resets. */
export function QuotaNote({ mediaType }: { mediaType: MediaType }) {
  const quota = useQuota();
  if (!quota.data) return null;
  const { hourly, overseerr } = quota.data;
  const part = overseerr?.[mediaType];
  const unit = mediaType === 'tv' ? 'seasons' : 'movies';
  return (
    <p className="mt-4 text-xs text-slate-600 dark:text-slate-400" data-testid="quota-note">
      {part && part.limit > 0
        ? `Overseerr quota: ${part.remaining ?? 0} of ${part.limit} ${unit} left this ${part.days ?? 7}-day period. `
        : null}
      {`${hourly.remaining} of ${hourly.limit} requests left this hour`}
      {hourly.resetsAt && hourly.remaining < hourly.limit ? ` (resets at ${clock(hourly.resetsAt)})` : ''}.
    </p>
  );
}
