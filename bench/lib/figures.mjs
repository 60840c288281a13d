// One measured figure: its value, the baseline measured in the same run, the ratio, and the
// target with the margin by which it is met or missed.
import { round } from './stats.mjs';

/**
 * @param {object} f
 * @param {string} f.benchmark   e.g. 'API overhead'
 * @param {string} f.name        what was measured
 * @param {number} f.value
 * @param {string} f.unit        'req/s', 'ms', 'MB', 'kB', '×', 'calls'
 * @param {{name: string, value: number}} [f.baseline]
 * @param {{op: '<'|'<='|'>='|'>'|'==', limit: number, text?: string, on?: 'value'|'ratio'}} [f.target]
 * @param {string} [f.note]
 */
export function figure({ benchmark, name, value, unit, baseline, target, note, digits = 1 }) {
  const v = round(value, digits);
  const ratio = baseline && baseline.value ? round(value / baseline.value, 2) : null;
  const out = { benchmark, name, value: v, unit, baseline: baseline ? { name: baseline.name, value: round(baseline.value, digits) } : null, ratio };
  if (target) {
    out.target = judge(target, target.on === 'ratio' ? ratio : value, target.on === 'ratio' ? '×' : unit);
    // When the bare baseline cannot meet an absolute limit either, the machine is the bottleneck.
    if (target.on !== 'ratio' && baseline && !judge(target, baseline.value, unit).met) out.target.baselineMissesToo = true;
  }
  if (note) out.note = note;
  return out;
}

function judge(target, actual, unit) {
  const { op, limit } = target;
  const text = target.text ?? `${op} ${limit} ${unit}`;
  if (actual === null || actual === undefined || Number.isNaN(actual)) return { text, met: false, margin: 'not measured' };
  const met = { '<': actual < limit, '<=': actual <= limit, '>': actual > limit, '>=': actual >= limit, '==': actual === limit }[op];
  const diff = Math.abs(actual - limit);
  const pct = limit !== 0 ? ` (${round((diff / Math.abs(limit)) * 100, 0)}%)` : '';
  let margin;
  if (op === '==') margin = met ? 'exact' : `off by ${round(diff, 2)} ${unit}`;
  else margin = `${met ? 'headroom' : 'missed by'} ${round(diff, 2)} ${unit}${pct}`;
  return { text, met, margin };
}
