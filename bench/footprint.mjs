// 4. Footprint: cold start to the first healthy answer, resident memory idle and after load,
// and memory over a soak at moderate load (SOAK_SECONDS, default 120).
import { performance } from 'node:perf_hooks';
import { figure } from './lib/figures.mjs';
import { connectInspector } from './lib/inspector.mjs';
import { runLoad } from './lib/load.mjs';
import { sleep } from './lib/proc.mjs';
import { mean, median, round, slope } from './lib/stats.mjs';

const BENCH = 'Footprint';

/** Cold start and idle memory figures from samples the orchestrator collected. */
export function startFigures({ firstBootMs, restartMs, bareHttpMs, bareExpressMs, idleRssMb, bareExpressIdleRssMb, afterLoadRssMb }) {
  const restart = median(restartMs);
  return [
    figure({
      benchmark: BENCH,
      name: 'Cold start to first healthy answer, first boot (empty database: migrations, admin account)',
      value: firstBootMs,
      unit: 'ms',
      digits: 0,
      baseline: { name: 'bare node:http process', value: bareHttpMs },
      target: { op: '<', limit: 2000 },
    }),
    figure({
      benchmark: BENCH,
      name: `Cold start to first healthy answer, restart (median of ${restartMs.length}: ${restartMs.map((v) => round(v, 0)).join(', ')} ms)`,
      value: restart,
      unit: 'ms',
      digits: 0,
      baseline: { name: 'bare Express process', value: bareExpressMs },
      target: { op: '<', limit: 2000 },
    }),
    figure({
      benchmark: BENCH,
      name: 'Resident memory, idle (10 s after start)',
      value: idleRssMb,
      unit: 'MB',
      baseline: { name: 'bare Express process, idle', value: bareExpressIdleRssMb },
      target: { op: '<=', limit: 120 },
    }),
    figure({
      benchmark: BENCH,
      name: 'Resident memory after the API overhead and cache load',
      value: afterLoadRssMb,
      unit: 'MB',
      baseline: { name: 'same process idle', value: idleRssMb },
    }),
  ];
}

/**
 * Moderate mixed load (health, request list, cached library page) at `rate` requests/s for
 * `seconds`, sampling RSS and heap every `everyMs`. "No growth": the heap that survives a full
 * garbage collection, on average over the last third, stays within 10% of the first third's.
 * With `server.inspectPort` each sample first asks V8 for a full collection through the inspector
 * (a leak survives it; young garbage and not-yet-collected old garbage do not); without it, the
 * low points of the heap in use stand in for it.
 */
export async function soak({ server, token, seconds, rate = 200, everyMs = 5000, log }) {
  const auth = { authorization: `Bearer ${token}` };
  const options = {
    url: server.url,
    connections: 10,
    overallRate: rate,
    requests: [
      { method: 'GET', path: '/api/health' },
      { method: 'GET', path: '/api/v1/media/requests?page=1&pageSize=20', headers: auth },
      { method: 'GET', path: '/api/v1/plex/libraries/1/items?page=1&pageSize=20', headers: auth },
      { method: 'GET', path: '/api/v1/plex/libraries/1/items?page=2&pageSize=20&sort=addedAt', headers: auth },
    ],
  };
  log(`  warm-up 10 s, then ${seconds} s at ${rate} req/s`);
  await runLoad({ ...options, duration: 10 });
  const inspector = server.inspectPort ? await connectInspector(server.inspectPort) : undefined;
  const samples = [];
  const started = performance.now();
  const load = runLoad({ ...options, duration: seconds });
  let done = false;
  void load.finally(() => {
    done = true;
  });
  while (!done) {
    const mem = await server.memoryMetrics().catch(() => ({ heap: null, external: null }));
    const retained = inspector ? await inspector.retainedHeapMb().catch(() => null) : null;
    samples.push({ t: (performance.now() - started) / 1000, rss: server.rssMb(), ...mem, retained });
    await Promise.race([sleep(everyMs), load.catch(() => undefined)]);
  }
  const result = await load;
  inspector?.close();
  const thirds = (list) => {
    const n = Math.max(1, Math.floor(list.length / 3));
    return [list.slice(0, n), list.slice(-n)];
  };
  const [rssFirst, rssLast] = thirds(samples).map((part) => mean(part.map((s) => s.rss)));
  const secondHalf = samples.slice(Math.floor(samples.length / 2));
  const rssSlope = slope(secondHalf.map((s) => ({ x: s.t / 60, y: s.rss })));
  // The heap saw-tooths with garbage collection; its low points are what stays alive, so a leak
  // shows as rising low points. RSS follows the heap's high points until V8 settles its size.
  const heaps = samples.filter((s) => s.heap !== null);
  const afterGc = samples.filter((s) => s.retained !== null);
  const [heapFirst, heapLast] = afterGc.length >= 3 ? thirds(afterGc).map((part) => mean(part.map((s) => s.retained))) : thirds(heaps).map((part) => Math.min(...part.map((s) => s.heap)));
  const measuredAs = afterGc.length >= 3 ? `heap after a full garbage collection, mean of the last third; ${afterGc.length} samples` : `lowest heap in use in the last third; ${heaps.length} samples`;
  const baselineAs = afterGc.length >= 3 ? 'mean of the first third' : 'lowest in the first third';
  const stats = `${result.total} requests, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx} failed`;
  return {
    figures: [
      figure({
        benchmark: BENCH,
        name: `Soak ${seconds} s at ${rate} req/s: retained heap (${measuredAs})`,
        value: heapLast,
        unit: 'MB',
        baseline: { name: baselineAs, value: heapFirst },
        target: { on: 'ratio', op: '<=', limit: 1.1, text: 'no growth: ≤ 1.1× the first third' },
        note: `external memory ${round(heaps[0]?.external)} → ${round(heaps.at(-1)?.external)} MB; ${stats}`,
      }),
      figure({
        benchmark: BENCH,
        name: `Soak ${seconds} s at ${rate} req/s: mean RSS of the last third`,
        value: rssLast,
        unit: 'MB',
        baseline: { name: 'mean RSS of the first third', value: rssFirst },
        note: `RSS slope over the second half ${round(rssSlope, 2)} MB/min (RSS rises while V8 grows the heap to its working size under load, then levels off)`,
      }),
    ],
    details: { samples: samples.map((s) => ({ t: round(s.t), rss: round(s.rss), heap: round(s.heap), retained: round(s.retained), external: round(s.external) })), rssSlopeSecondHalfMbPerMin: rssSlope, load: result },
  };
}
