import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../api/context';
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
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          {service.lastCheckedAt ? `Checked ${timeAgo(service.lastCheckedAt)}` : 'Not checked yet'}
          {service.source ? ` · ${service.source === 'uptime-kuma' ? 'Uptime Kuma monitor' : 'checked by MediaNest'}` : ''}
        </p>
        <span className="sr-only">. Show details</span>
      </button>
    </li>
  );
}

/** A service nobody has set up: said so (with the way to set it up for admins), not "Unknown". */
function NotConfiguredTile({ service }: { service: Service }) {
  const { user } = useAuth();
  return (
    <li className="card border-l-4 border-l-slate-300 p-4 dark:border-l-slate-600">
      <div className="flex items-center gap-2">
        <span className="truncate font-semibold">{service.name}</span>
        <span className="ml-auto text-xs font-medium text-slate-600 dark:text-slate-400">Not configured</span>
      </div>
      <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
        {user?.role === 'admin' ? (
          <Link to="/admin/settings" className="font-medium text-brand-700 underline dark:text-brand-400">
            Set up {service.name}
          </Link>
        ) : (
          'An admin has not connected it yet.'
        )}
      </p>
    </li>
  );
}

/** One line for everyone: all up, or what is down since when. */
export function serviceSummary(services: Service[]): string {
  const checked = services.filter((s) => s.configured !== false);
  const down = checked.filter((s) => s.status === 'down');
  if (down.length > 0) {
    return down
      .map((s) => `${s.name} is down${s.lastCheckedAt ? ` (checked ${new Date(s.lastCheckedAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })})` : ''}`)
      .join(' · ');
  }
  if (checked.some((s) => s.status === 'degraded')) return `Slow: ${checked.filter((s) => s.status === 'degraded').map((s) => s.name).join(', ')}`;
  if (checked.length > 0 && checked.every((s) => s.status === 'up')) return 'All services up';
  return checked.length > 0 ? 'Some services have not been checked yet' : 'No services are set up yet';
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
      <p className="mb-3 text-sm font-medium" data-testid="service-summary">
        {serviceSummary(services)}
      </p>
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4 2xl:grid-cols-6">
        {services.map((service) =>
          service.configured === false ? (
            <NotConfiguredTile key={service.id} service={service} />
          ) : (
            <ServiceTile key={service.id} service={service} onOpen={() => setOpenId(service.id)} />
          ),
        )}
      </ul>
      {open ? <ServiceDetailDialog service={open} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
