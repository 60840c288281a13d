// Small statistics helpers shared by the benchmarks.

/** The p-th percentile (0..100) by nearest rank; undefined for an empty sample. */
export function percentile(values, p) {
  return percentileOfSorted([...values].sort((a, b) => a - b), p);
}

function percentileOfSorted(sorted, p) {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values) {
  return percentile(values, 50);
}

export function mean(values) {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

/** p50/p95/p99/max of a latency sample, rounded to 0.1 (sorted once: samples run to 100k+). */
export function summarize(values) {
  const r = (v) => (v === undefined ? null : Math.round(v * 10) / 10);
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: r(percentileOfSorted(sorted, 50)),
    p95: r(percentileOfSorted(sorted, 95)),
    p99: r(percentileOfSorted(sorted, 99)),
    max: r(sorted.at(-1)),
  };
}

/** Least-squares slope of y over x. */
export function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = mean(points.map((p) => p.x));
  const my = mean(points.map((p) => p.y));
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export function round(value, digits = 1) {
  if (value === undefined || value === null || Number.isNaN(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
