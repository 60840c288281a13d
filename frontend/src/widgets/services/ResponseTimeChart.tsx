import type { ServicePoint, ServiceState } from '../../api/types';
import { formatDateTime, formatMs } from '../../lib/format';

const WIDTH = 600;
const HEIGHT = 180;
const PAD = { top: 12, right: 8, bottom: 22, left: 48 };
const STRIP = 8;

const stateColor: Record<ServiceState, string> = {
  up: '#10b981',
  degraded: '#fbbf24',
  down: '#ef4444',
  unknown: '#94a3b8',
};

/** Rounds the axis maximum up to 1, 2 or 5 × a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 100;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= value) ?? 10;
  return step * power;
}

/** A small SVG line chart of response times with a status strip underneath. */
export function ResponseTimeChart({ points, label }: { points: ServicePoint[]; label: string }) {
  const sorted = [...points]
    .map((point) => ({ ...point, t: Date.parse(point.at) }))
    .filter((point) => !Number.isNaN(point.t))
    .sort((a, b) => a.t - b.t);
  if (sorted.length === 0) {
    return (
      <p className="rounded-lg bg-slate-100 p-6 text-center text-sm text-slate-600 dark:bg-slate-800 dark:text-slate-400">
        No checks recorded in this period yet.
      </p>
    );
  }
  const times = sorted.map((point) => point.t);
  const values = sorted.map((point) => point.responseTimeMs).filter((value): value is number => value !== null);
  const start = times[0]!;
  const end = Math.max(times[times.length - 1]!, start + 1);
  const max = niceMax(Math.max(0, ...values));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom - STRIP - 4;
  const x = (t: number) => PAD.left + ((t - start) / (end - start)) * plotW;
  const y = (ms: number) => PAD.top + plotH - (ms / max) * plotH;

  // Break the line where a check had no response time (down or unknown).
  let path = '';
  let penDown = false;
  for (const point of sorted) {
    if (point.responseTimeMs === null) {
      penDown = false;
      continue;
    }
    path += `${penDown ? 'L' : 'M'}${x(point.t).toFixed(1)},${y(point.responseTimeMs).toFixed(1)}`;
    penDown = true;
  }
  const average = values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : null;
  const downCount = sorted.filter((point) => point.status === 'down').length;
  const summary = `${label}: ${sorted.length} checks, average ${formatMs(average)}, slowest ${formatMs(
    values.length ? Math.max(...values) : null,
  )}, ${downCount} down.`;
  const stripY = HEIGHT - PAD.bottom - STRIP;
  const slot = plotW / sorted.length;

  return (
    <figure>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} className="h-auto w-full text-slate-500">
        {[0, 0.5, 1].map((fraction) => {
          const value = max * fraction;
          return (
            <g key={fraction}>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(value)} y2={y(value)} stroke="currentColor" strokeOpacity="0.25" strokeDasharray="3 4" />
              <text x={PAD.left - 6} y={y(value) + 4} textAnchor="end" fontSize="11" fill="currentColor">
                {formatMs(value)}
              </text>
            </g>
          );
        })}
        <path d={path} fill="none" stroke="#f59e0b" strokeWidth="2" strokeLinejoin="round" strokeLinecap="round" />
        {sorted.length <= 60
          ? sorted.map((point) =>
              point.responseTimeMs === null ? null : (
                <circle key={point.t} cx={x(point.t)} cy={y(point.responseTimeMs)} r="2.5" fill={stateColor[point.status]} />
              ),
            )
          : null}
        {sorted.map((point, index) => (
          <rect
            key={`s${point.t}`}
            x={PAD.left + index * slot}
            y={stripY}
            width={Math.max(1, slot - 0.5)}
            height={STRIP}
            fill={stateColor[point.status]}
          />
        ))}
        <text x={PAD.left} y={HEIGHT - 4} fontSize="11" fill="currentColor">
          {formatDateTime(sorted[0]!.at)}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 4} fontSize="11" textAnchor="end" fill="currentColor">
          {formatDateTime(sorted[sorted.length - 1]!.at)}
        </text>
      </svg>
      <figcaption className="mt-2 text-xs text-slate-600 dark:text-slate-400">
        Line: response time. Strip: each check, green up, yellow degraded, red down, grey unknown.
      </figcaption>
    </figure>
  );
}
