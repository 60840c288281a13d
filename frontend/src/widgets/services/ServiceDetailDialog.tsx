import { useState } from 'react';
import { useServiceHistory } from '../../api/queries/services';
import type { Service, UptimeRange } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Skeleton } from '../../components/Skeleton';
import { STATE_LABEL, StatusDot } from '../../components/StatusDot';
import { ErrorState } from '../../components/States';
import { formatMs, formatPercent, timeAgo } from '../../lib/format';
import { SOURCE_LABEL } from './labels';
import { ResponseTimeChart } from './ResponseTimeChart';

const RANGES: { value: UptimeRange; label: string }[] = [
  { value: '24h', label: '24 hours' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
];

export function ServiceDetailDialog({ service, label, onClose }: { service: Service; label: string; onClose: () => void }) {
  const [range, setRange] = useState<UptimeRange>('24h');
  const history = useServiceHistory(service.id, range);
  const uptime = [
    { label: 'Last 24 h', value: service.uptime.h24 },
    { label: 'Last 7 days', value: service.uptime.d7 },
    { label: 'Last 30 days', value: service.uptime.d30 },
  ];
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={
        <span className="flex items-center gap-2">
          <StatusDot status={service.status} /> {label}
        </span>
      }
      description={`${STATE_LABEL[service.status]} · ${formatMs(service.responseTimeMs)} · checked ${timeAgo(service.lastCheckedAt)} · ${SOURCE_LABEL[service.source]}`}
    >
      <dl className="grid grid-cols-3 gap-3">
        {uptime.map((item) => (
          <div key={item.label} className="rounded-lg bg-slate-100 p-3 dark:bg-slate-800">
            <dt className="text-xs text-slate-600 dark:text-slate-400">Uptime, {item.label.toLowerCase()}</dt>
            <dd className="mt-1 text-lg font-semibold">{formatPercent(item.value)}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-6 flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">Response time</h3>
        <div role="group" aria-label="Time range" className="inline-flex rounded-lg border border-slate-300 p-0.5 dark:border-slate-700">
          {RANGES.map((option) => (
            <button
              key={option.value}
              type="button"
              aria-pressed={range === option.value}
              onClick={() => setRange(option.value)}
              className={`rounded-md px-3 py-1 text-sm font-medium ${
                range === option.value ? 'bg-brand-500 text-slate-950' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
              }`}
            >
              {option.label}
            </button>
          ))}
        </div>
      </div>
      <div className="mt-3">
        {history.isPending ? (
          <Skeleton className="h-48 w-full" />
        ) : history.isError ? (
          <ErrorState compact error={history.error} onRetry={() => void history.refetch()} />
        ) : (
          <ResponseTimeChart points={history.data} label={`${service.name} response time, last ${RANGES.find((r) => r.value === range)?.label}`} />
        )}
      </div>
      {service.url ? (
        <p className="mt-4 text-sm">
          <a href={service.url} target="_blank" rel="noopener noreferrer" className="font-medium text-brand-700 underline dark:text-brand-400">
            Open {service.name}
          </a>
        </p>
      ) : null}
    </Dialog>
  );
}
