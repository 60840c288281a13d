import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../api/context';
import { useServiceHistory, useServices } from '../../api/queries/services';
import type { Service } from '../../api/types';
import { Skeleton } from '../../components/Skeleton';
import { STATE_LABEL, StatusDot } from '../../components/StatusDot';
import { EmptyState, ErrorState } from '../../components/States';
import { formatMs, formatPercent, timeAgo } from '../../lib/format';
import { SOURCE_LABEL, serviceLabel } from './labels';
import { ServiceDetailDialog } from './ServiceDetailDialog';
import { can } from '../../lib/policy';

const border: Record<Service['status'], string> = {
  up: 'border-l-emerald-500',
  degraded: 'border-l-amber-400',
  down: 'border-l-red-500',
  unknown: 'border-l-slate-400',
};

function ServiceTile({ service, label, onOpen }: { service: Service; label: string; onOpen: () => void }) {
  return (
    <li>
      <button
        type="button"
        onClick={onOpen}
        className={`card w-full border-l-4 p-4 text-left transition hover:bg-slate-50 dark:hover:bg-slate-800/60 ${border[service.status]}`}
      >
        <div className="flex items-center gap-2">
          <StatusDot status={service.status} pulse={service.status === 'down'} announce={false} />
          <span className="truncate font-semibold">{label}</span>
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
          {` · ${SOURCE_LABEL[service.source]}`}
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
        {can(user, 'settings:manage') ? (
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

function clock(iso: string): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return at.toDateString() === new Date().toDateString() ? time : `${at.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

/** When the current outage began: the first check of the unbroken run of "down" at the end of the last 24 h. */
function downSince(points: Array<{ at: string; status: Service['status'] }>): string | null {
  let since: string | null = null;
  for (let index = points.length - 1; index >= 0 && points[index]!.status === 'down'; index--) since = points[index]!.at;
  return since;
}

function DownPart({ service, label }: { service: Service; label: string }) {
  const history = useServiceHistory(service.id, '24h');
  const since = history.data ? downSince(history.data) : null;
  return (
    <>
      {label} is down{since ? ` since ${clock(since)}` : ''}
    </>
  );
}

const settingsLink = 'font-medium text-brand-700 underline dark:text-brand-400';

/** One line for everyone: all up, or what is down since when; admins also see what is not set up. */
function Summary({ services, isAdmin }: { services: Service[]; isAdmin: boolean }) {
  const checked = services.filter((s) => s.configured !== false);
  const missing = services.filter((s) => s.configured === false);
  const down = checked.filter((s) => s.status === 'down');
  const slow = checked.filter((s) => s.status === 'degraded');
  const parts: React.ReactNode[] = [
    ...down.map((s) => <DownPart key={s.id} service={s} label={serviceLabel(s, services)} />),
    ...slow.map((s) => `${serviceLabel(s, services)} is slow`),
  ];
  if (parts.length === 0) {
    if (checked.length > 0 && checked.every((s) => s.status === 'up')) parts.push('All services up');
    else if (checked.length > 0) parts.push('Some services have not been checked yet');
    else if (!isAdmin || missing.length === 0) parts.push('No services are set up yet');
  }
  if (isAdmin) parts.push(...missing.map((s) => `${s.name} not configured`));
  return (
    <>
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 ? ' · ' : ''}
          {part}
        </span>
      ))}
      {isAdmin && missing.length > 0 ? (
        <>
          {' · '}
          <Link to="/admin/settings" className={settingsLink}>
            Set up in Settings
          </Link>
        </>
      ) : null}
    </>
  );
}

function worst(services: Service[]): Service['status'] {
  const checked = services.filter((s) => s.configured !== false);
  for (const status of ['down', 'degraded', 'unknown'] as const) if (checked.some((s) => s.status === status)) return status;
  return checked.length > 0 ? 'up' : 'unknown';
}

/**
 * The service status in one line (all up, or what is down since when), with the tiles (uptime,
 * response-time chart, where each status comes from) one click away.
 */
export function ServiceStatus() {
  const query = useServices();
  const { user } = useAuth();
  const [expanded, setExpanded] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const detailsId = useId();
  if (query.isPending) {
    return (
      <div role="status" aria-label="Loading service status">
        <Skeleton className="h-14" />
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
      <div className="card flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
        <StatusDot status={worst(services)} announce={false} />
        <p className="min-w-0 flex-1 text-sm font-medium" data-testid="service-summary" aria-live="polite">
          <Summary services={services} isAdmin={can(user, 'service:see-url')} />
        </p>
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={detailsId}
          onClick={() => setExpanded((value) => !value)}
          className="rounded-md px-2 py-1 text-sm font-medium text-brand-700 hover:bg-slate-100 dark:text-brand-400 dark:hover:bg-slate-800"
        >
          {expanded ? 'Hide details' : 'Service details'}
        </button>
      </div>
      <div id={detailsId} hidden={!expanded}>
        {expanded ? (
          <ul aria-label="Services" className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4 2xl:grid-cols-6">
            {services.map((service) =>
              service.configured === false ? (
                <NotConfiguredTile key={service.id} service={service} />
              ) : (
                <ServiceTile key={service.id} service={service} label={serviceLabel(service, services)} onOpen={() => setOpenId(service.id)} />
              ),
            )}
          </ul>
        ) : null}
      </div>
      {open ? <ServiceDetailDialog service={open} label={serviceLabel(open, services)} onClose={() => setOpenId(null)} /> : null}
    </>
  );
}
