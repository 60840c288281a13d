import type { ServiceState } from '../api/types';

const colors: Record<ServiceState, string> = {
  up: 'bg-emerald-500',
  degraded: 'bg-amber-400',
  down: 'bg-red-500',
  unknown: 'bg-slate-400',
};
export const STATE_LABEL: Record<ServiceState, string> = {
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Unknown',
};

/** A coloured dot; the state is also given in words for screen readers. */
export function StatusDot({ status, pulse = false, announce = true }: { status: ServiceState; pulse?: boolean; announce?: boolean }) {
  return (
    <span className="relative inline-flex h-3 w-3 shrink-0">
      {pulse && status !== 'unknown' ? (
        <span aria-hidden="true" className={`absolute inline-flex h-full w-full animate-ping rounded-full opacity-50 ${colors[status]}`} />
      ) : null}
      <span aria-hidden="true" className={`relative inline-flex h-3 w-3 rounded-full ${colors[status]}`} />
      {announce ? <span className="sr-only">{STATE_LABEL[status]}</span> : null}
    </span>
  );
}
