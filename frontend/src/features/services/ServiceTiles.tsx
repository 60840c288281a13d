import { useState } from 'react';
import { useServices } from '../../api/queries/services';
import type { Service } from '../../api/types';
import { Skeleton } from '../../components/Skeleton';
import { STATE_LABEL, StatusDot } from '../../components/StatusDot';
import { EmptyState, ErrorState } from '../../components/States';
import { formatMs, formatPercent, timeAgo } from '../../lib/format';
import { ServiceDetailDialog } from './ServiceDetailDialog';

const border: Record<Service['status'], string> = {
  up: 'border-l-emerald-500',
  degraded: 'border-l-amber-400',
  down: 'border-l-red-500',
  unknown: 'border-l-slate-400',
};

function ServiceTile({ service, onOpen }: { service: Service; onOpen: () => void }) {
  return (
    <li>
      <button
        type="button"
        onClick={onOpen}
        className={`card w-full border-l-4 p-4 text-left transition hover:bg-slate-50 dark:hover:bg-slate-800/60 ${border[service.status]}`}
      >
        <div className="flex items-center gap-2">
          <StatusDot status={service.status} pulse={service.status === 'down'} announce={false} />
          <span className="truncate font-semibold">{service.name}</span>
          <span className="ml-auto text-xs font-medium text-slate-600 dark:text-slate-400">{STATE_LABEL[service.status]}</span>
        </div>
        <dl className="mt-3 grid grid-cols-2 gap-2 text-xs text-slate-600 dark:text-slate-400">
          <div>
            <dt>Response</dt>
            <dd className="text-sm font-medium text-slate-900 dark:text-slate-100">{formatMs(service.responseTimeMs)}</dd>
          </div>
          <div>
            <dt>Uptime 24 h</dt>
            <dd className="text-sm font-medium text-slate-900 dark:text-slate-100">{formatPercent(service.uptime.h24)}</dd>
          </div>
        </dl>
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Checked {timeAgo(service.lastCheckedAt)}</p>
        <span className="sr-only">. Show details</span>
      </button>
    </li>
  );
}

/** Green up, yellow degraded, red down, grey unknown; a tile opens the details. */
export function ServiceTiles() {
  const query = useServices();
  const [openId, setOpenId] = useState<string | null>(null);
  if (query.isPending) {
    return (
      <div role="status" aria-label="Loading service status" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-32" />
        ))}
      </div>
    );
  }
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const services = query.data;
  if (services.length === 0) {
    return <EmptyState title="No services are monitored yet" message="An admin can connect Plex, Overseerr and Uptime Kuma in Settings." />;
  }
  const open = services.find((service) => service.id === openId) ?? null;
  return (
    <>
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4 2xl:grid-cols-6">
        {services.map((service) => (
          <ServiceTile key={service.id} service={service} onOpen={() => setOpenId(service.id)} />
        ))}
      </ul>
      {open ? <ServiceDetailDialog service={open} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
