// 1. API overhead: MediaNest's hot reads against a bare node:http server and a bare Express app
// answering a constant JSON body, at 50 connections (saturation), at a steady 500 requests/s,
// and at the seed's 1,000 requests/min.
import { figure } from './lib/figures.mjs';
import { measure } from './lib/load.mjs';
import { freePort, spawnNode, stopProcess, waitFor200 } from './lib/proc.mjs';
import { round } from './lib/stats.mjs';

const BENCH = 'API overhead';
const BARE = new URL('./lib/bare-server.mjs', import.meta.url).pathname;

export async function startBare(mode) {
  const port = await freePort();
  const proc = spawnNode([BARE, mode, String(port)]);
  const url = `http://127.0.0.1:${port}/`;
  const coldStartMs = await waitFor200(url, proc.startedAt, { exited: proc.exited });
  return { url, port, pid: proc.pid, coldStartMs, stop: () => stopProcess(proc) };
}

/**
 * @param {object} ctx
 * @param {string} ctx.url          MediaNest base URL
 * @param {string} ctx.token        access token of a user with 50 requests (of 2,000 in the database)
 * @param {string} ctx.adminToken   access token of an admin
 * @param {string} ctx.friendToken  access token of a Plex friend with a restricted share of two libraries
 * @param {number} ctx.seconds      measured seconds per run
 * @param {(msg: string) => void} ctx.log
 */
/** Throughput targets as a share of bare Express's, and the steady rate of the p99 comparison. */
const THROUGHPUT_TARGETS = { health: 0.8, requests: 0.2, requestsAll: 0.2, plex: 0.4, plexFriend: 0.4 };
const STEADY_RATE = 500;

export async function apiOverhead({ url, pid, token, adminToken, friendToken, seconds, log }) {
  const auth = { authorization: `Bearer ${token}` };
  const targets = [
    { key: 'health', name: 'GET /api/health', url: `${url}/api/health` },
    { key: 'requests', name: "GET /api/v1/media/requests (a user's page of 20, from PostgreSQL)", url: `${url}/api/v1/media/requests?page=1&pageSize=20`, headers: auth },
    {
      key: 'requestsAll',
      name: 'GET /api/v1/media/requests?scope=all (admin, page of 20 of 2,000, from PostgreSQL)',
      url: `${url}/api/v1/media/requests?scope=all&page=1&pageSize=20`,
      headers: { authorization: `Bearer ${adminToken}` },
    },
    { key: 'plex', name: 'GET /api/v1/plex/libraries/1/items (auth, cached, 20 items with signed image URLs)', url: `${url}/api/v1/plex/libraries/1/items?page=1&pageSize=20`, headers: auth },
    {
      key: 'plexFriend',
      name: "GET /api/v1/plex/libraries/1/items as a Plex friend (cached, the share's content-rating restriction applied)",
      url: `${url}/api/v1/plex/libraries/1/items?page=1&pageSize=20`,
      headers: { authorization: `Bearer ${friendToken}` },
    },
  ];
  // Every target must answer 200 before it is measured, and the Plex page must be in the cache.
  for (const t of targets) {
    const res = await fetch(t.url, { headers: t.headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${t.name} answered ${res.status}: ${body.slice(0, 200)}`);
    if (t.key.startsWith('requests') && JSON.parse(body).items.length !== 20) throw new Error(`${t.name}: the page does not hold 20 items`);
    if (t.key === 'requestsAll' && JSON.parse(body).total < 2000) throw new Error('fewer than 2,000 requests in the database');
  }

  const saturation = {};
  const fixed = {};
  const seedRate = {};
  const bare = {};
  // Bare Express measured right before each target too: the machine is shared, and a baseline
  // taken minutes earlier can sit on the other side of a change in what the neighbours do.
  const pairedExpress = {};
  const bareHttp = await startBare('http');
  try {
    log('  bare http: saturation');
    saturation.http = await measure({ url: bareHttp.url, seconds, pid: bareHttp.pid });
    bare.http = { coldStartMs: bareHttp.coldStartMs };
  } finally {
    await bareHttp.stop();
  }
  const bareExpress = await startBare('express');
  try {
    log('  bare express: saturation');
    saturation.express = await measure({ url: bareExpress.url, seconds, pid: bareExpress.pid });
    log(`  bare express: ${STEADY_RATE} req/s and 1,000 req/min`);
    fixed.express = await measure({ url: bareExpress.url, seconds, rate: STEADY_RATE });
    seedRate.express = await measure({ url: bareExpress.url, connections: 10, seconds, warmupSeconds: 1, rate: 1000 / 60 });
    bare.express = { coldStartMs: bareExpress.coldStartMs };
    for (const t of targets) {
      log(`  bare express, then ${t.name}: saturation`);
      pairedExpress[t.key] = await measure({ url: bareExpress.url, seconds, pid: bareExpress.pid });
      saturation[t.key] = await measure({ url: t.url, headers: t.headers, seconds, pid });
      log(`  ${t.name}: ${STEADY_RATE} req/s`);
      fixed[t.key] = await measure({ url: t.url, headers: t.headers, seconds, rate: STEADY_RATE });
      log(`  ${t.name}: 1,000 req/min`);
      seedRate[t.key] = await measure({ url: t.url, headers: t.headers, connections: 10, seconds, warmupSeconds: 1, rate: 1000 / 60 });
    }
  } finally {
    await bareExpress.stop();
  }

  const express = { name: 'bare Express', value: saturation.express.requestsPerSecond };
  const figures = [
    figure({ benchmark: BENCH, name: 'Throughput, bare node:http (reference)', value: saturation.http.requestsPerSecond, unit: 'req/s', baseline: express, digits: 0 }),
  ];
  for (const t of targets) {
    figures.push(
      figure({
        benchmark: BENCH,
        name: `Throughput, ${t.name}`,
        value: saturation[t.key].requestsPerSecond,
        unit: 'req/s',
        baseline: { name: 'bare Express, measured just before', value: pairedExpress[t.key].requestsPerSecond },
        digits: 0,
        target: { on: 'ratio', op: '>=', limit: THROUGHPUT_TARGETS[t.key], text: `≥ ${THROUGHPUT_TARGETS[t.key]}× bare Express` },
      }),
    );
  }
  for (const t of targets) {
    figures.push(
      figure({
        benchmark: BENCH,
        name: `Server CPU time per request, ${t.name}`,
        value: saturation[t.key].cpuMsPerRequest,
        unit: 'ms',
        digits: 3,
        baseline: { name: 'bare Express, measured just before', value: pairedExpress[t.key].cpuMsPerRequest },
        ...(t.key === 'plex' ? { target: { on: 'ratio', op: '<=', limit: 2.5, text: "≤ 2.5× bare Express's" } } : {}),
        note: 'user + system time of the server process over the saturation run ÷ requests; steadier than throughput on a busy machine',
      }),
    );
  }
  const expressP99 = { name: `bare Express p99 at ${STEADY_RATE} req/s`, value: fixed.express.latency.p99 };
  for (const t of targets) {
    const f = fixed[t.key];
    figures.push(
      figure({
        benchmark: BENCH,
        name: `p99 at a steady ${STEADY_RATE} req/s, ${t.name}`,
        value: f.latency.p99,
        unit: 'ms',
        baseline: expressP99,
        target: { on: 'ratio', op: '<=', limit: 3, text: "≤ 3× bare Express's p99" },
        note: `p50 ${f.latency.p50} ms, p95 ${f.latency.p95} ms, achieved ${round(f.requestsPerSecond, 0)} req/s${f.warning ? `; ${f.warning}` : ''}`,
      }),
    );
  }
  const worst = targets.reduce((a, t) => (seedRate[t.key].latency.p95 > seedRate[a.key].latency.p95 ? t : a));
  figures.push(
    figure({
      benchmark: BENCH,
      name: `Seed goal: p95 at 1,000 req/min, worst of the ${targets.length} (${worst.name})`,
      value: seedRate[worst.key].latency.p95,
      unit: 'ms',
      baseline: { name: 'bare Express p95 at 1,000 req/min', value: seedRate.express.latency.p95 },
      target: { op: '<', limit: 100 },
      note: targets.map((t) => `${t.key} p95 ${seedRate[t.key].latency.p95} ms`).join(', '),
    }),
  );
  return { figures, details: { saturation, pairedExpress, fixed, seedRate, bare } };
}
