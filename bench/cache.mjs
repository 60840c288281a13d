// 2. Cache: a library page served from the cache against the same page fetched from a Plex
// server answering in 200 ms, and how many upstream calls 100 concurrent misses of one key make.
import { performance } from 'node:perf_hooks';
import { figure } from './lib/figures.mjs';
import { postJson } from './lib/proc.mjs';
import { median, round, summarize } from './lib/stats.mjs';

const BENCH = 'Cache';
const PLEX_LATENCY_MS = 200;
const LISTING = '^/library/sections/1/all$';

async function timedGet(url, headers) {
  const started = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return performance.now() - started;
}

/**
 * @param {object} ctx
 * @param {string} ctx.url        MediaNest base URL
 * @param {string} ctx.token      access token
 * @param {object} ctx.fakes      fakes-server info (control URL, Plex URL and token)
 */
export async function cacheBench({ url, token, fakes, misses = 10, hitsPerKey = 20, log }) {
  const headers = { authorization: `Bearer ${token}` };
  // Distinct keys no other benchmark reads (sort=year), so every first read is a miss.
  const page = (n, sort = 'year') => `${url}/api/v1/plex/libraries/1/items?page=${n}&pageSize=20&sort=${sort}`;
  await postJson(`${fakes.control}/plex/latency`, { ms: PLEX_LATENCY_MS });
  try {
    const direct = [];
    for (let i = 0; i < 5; i++) {
      direct.push(await timedGet(`${fakes.plexUrl}/library/sections/1/all?sort=year:desc`, { 'X-Plex-Token': fakes.plexToken, Accept: 'application/json' }));
    }
    log(`  ${misses} uncached pages`);
    const uncached = [];
    for (let i = 1; i <= misses; i++) uncached.push(await timedGet(page(i), headers));
    log(`  ${misses * hitsPerKey} cached pages`);
    const cached = [];
    for (let r = 0; r < hitsPerKey; r++) for (let i = 1; i <= misses; i++) cached.push(await timedGet(page(i), headers));

    log('  100 concurrent misses of one key');
    await postJson(`${fakes.control}/plex/requests/reset`);
    const started = performance.now();
    const burst = await Promise.all(Array.from({ length: 100 }, () => fetch(page(1, 'addedAt'), { headers }).then(async (r) => (await r.arrayBuffer(), r.status))));
    const burstMs = performance.now() - started;
    const { count } = await postJson(`${fakes.control}/plex/requests/count`, { pattern: LISTING });
    const ok = burst.filter((s) => s === 200).length;

    const u = median(uncached);
    const c = median(cached);
    return {
      figures: [
        figure({
          benchmark: BENCH,
          name: `Uncached library page, median of ${misses} (fake Plex answers in ${PLEX_LATENCY_MS} ms)`,
          value: u,
          unit: 'ms',
          baseline: { name: 'the fake Plex called directly', value: median(direct) },
        }),
        figure({
          benchmark: BENCH,
          name: `Cached library page, median of ${cached.length}`,
          value: c,
          unit: 'ms',
          digits: 2,
          baseline: { name: 'uncached page', value: u },
        }),
        figure({
          benchmark: BENCH,
          name: 'Speed-up of a cached page (uncached ÷ cached median)',
          value: u / c,
          unit: '×',
          target: { op: '>=', limit: 50, text: '≥ 50×' },
        }),
        figure({
          benchmark: BENCH,
          name: `Upstream calls for 100 concurrent misses of one key (${ok}/100 answered 200 in ${round(burstMs, 0)} ms)`,
          value: count,
          unit: 'calls',
          digits: 0,
          baseline: { name: 'concurrent requests', value: 100 },
          target: { op: '==', limit: 1, text: 'exactly 1' },
        }),
      ],
      details: { direct: summarize(direct), uncached: summarize(uncached), cached: summarize(cached), burst: { ms: burstMs, ok, upstreamCalls: count } },
    };
  } finally {
    await postJson(`${fakes.control}/plex/latency`, { ms: 0 });
  }
}
