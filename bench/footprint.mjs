// 4. Footprint: cold start to the first healthy answer, resident memory idle and after load,
// and memory over a soak at moderate load (SOAK_SECONDS, default 120).
import { performance } from 'node:perf_hooks';
import { figure } from './lib/figures.mjs';
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
      target: { op: '<', limit: 150 },
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
 * `seconds`, sampling RSS and heap every `everyMs`. "No growth": the last third's mean RSS
 * stays within 5% of the first third's.
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
  const samples = [];
  const started = performance.now();
  const load = runLoad({ ...options, duration: seconds });
  let done = false;
  void load.finally(() => {
    done = true;
  });
  while (!done) {
    const mem = await server.memoryMetrics().catch(() => ({ heap: null, external: null }));
    samples.push({ t: (performance.now() - started) / 1000, rss: server.rssMb(), ...mem });
    await Promise.race([sleep(everyMs), load.catch(() => undefined)]);
  }
  const result = await load;
  const third = Math.max(1, Math.floor(samples.length / 3));
  const first = mean(samples.slice(0, third).map((s) => s.rss));
  const last = mean(samples.slice(-third).map((s) => s.rss));
  const rssSlope = slope(samples.map((s) => ({ x: s.t / 60, y: s.rss })));
  const heaps = samples.filter((s) => s.heap !== null);
  const heapSlope = slope(heaps.map((s) => ({ x: s.t / 60, y: s.heap })));
  // The heap saw-tooths with garbage collection; its low points are what stays alive.
  const heapLow = (part) => (part.length ? Math.min(...part.map((s) => s.heap)) : null);
  const heapThird = Math.max(1, Math.floor(heaps.length / 3));
  return {
    figures: [
      figure({
        benchmark: BENCH,
        name: `Soak ${seconds} s at ${rate} req/s: mean RSS of the last third (${samples.length} samples)`,
        value: last,
        unit: 'MB',
        baseline: { name: 'mean RSS of the first third', value: first },
        target: { on: 'ratio', op: '<=', limit: 1.05, text: 'no growth: ≤ 1.05× the first third' },
        note:
          `RSS slope ${round(rssSlope, 2)} MB/min; heap in use: low point ${round(heapLow(heaps.slice(0, heapThird)))} MB in the first third, ` +
          `${round(heapLow(heaps.slice(-heapThird)))} MB in the last (slope ${round(heapSlope, 2)} MB/min); ` +
          `external memory ${round(heaps[0]?.external)} → ${round(heaps.at(-1)?.external)} MB; ` +
          `${result.total} requests, p99 ${result.latency.p99} ms, ${result.errors + result.non2xx} failed`,
      }),
    ],
    details: { samples: samples.map((s) => ({ t: round(s.t), rss: round(s.rss), heap: round(s.heap), external: round(s.external) })), rssSlopeMbPerMin: rssSlope, heapSlopeMbPerMin: heapSlope, load: result },
  };
}
