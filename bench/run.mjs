#!/usr/bin/env node
// `npm run bench`: builds what is stale, then runs every benchmark against the real built server
// (NODE_ENV=production, real PostgreSQL and Redis) with load from separate processes, and writes
// bench/results/latest.{md,json}. Nothing here is a pass/fail test; see bench/README.md.
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiOverhead, startBare } from './api-overhead.mjs';
import { cacheBench } from './cache.mjs';
import { soak, startFigures } from './footprint.mjs';
import { clearRedisKeys, createDatabase, dropDatabase, Seeder } from './lib/db.mjs';
import { adminLogin, ROOT, runSecrets, startMediaNest } from './lib/medianest.mjs';
import { freePort, postJson, rssMb, spawnReporting, sleep, stopProcess } from './lib/proc.mjs';
import { writeReport } from './lib/report.mjs';
import { realtimeBench } from './realtime.mjs';
import { scaleBench } from './scale.mjs';
import { webappBench } from './webapp.mjs';

const RESULTS = path.join(ROOT, 'bench', 'results');
const LOGS = path.join(RESULTS, 'logs');
const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_SOCKET_CLIENTS ?? 1000);
/** Comma-separated subset: api,cache,realtime,footprint,webapp,scale (default: all). */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'api,cache,realtime,footprint,webapp,scale').split(',').map((s) => s.trim()));

const t0 = performance.now();
const log = (msg) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach((p) => walk(path.join(ROOT, p)));
  return newest;
}

/** Builds a workspace whose sources are newer than its output (BENCH_BUILD=always|never|auto). */
function ensureBuilt() {
  const mode = process.env.BENCH_BUILD ?? 'auto';
  const workspaces = [
    { name: 'backend', output: 'backend/dist/main.js', sources: ['backend/src', 'backend/prisma/schema.prisma', 'backend/package.json'] },
    { name: 'frontend', output: 'frontend/dist/index.html', sources: ['frontend/src', 'frontend/index.html', 'frontend/public', 'frontend/vite.config.ts', 'frontend/package.json'] },
  ];
  const state = {};
  for (const w of workspaces) {
    const out = path.join(ROOT, w.output);
    const stale = !fs.existsSync(out) || newestMtime(w.sources) > fs.statSync(out).mtimeMs;
    if (mode === 'never' || (mode === 'auto' && !stale)) {
      state[w.name] = stale ? 'stale (BENCH_BUILD=never)' : 'up to date';
      continue;
    }
    log(`building ${w.name}`);
    try {
      execFileSync('npm', ['run', 'build', '-w', w.name], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      state[w.name] = 'built for this run';
    } catch {
      if (!fs.existsSync(out)) throw new Error(`npm run build -w ${w.name} failed and there is no earlier build`);
      state[w.name] = 'build FAILED (see its output above); measured what dist holds';
      log(`  build of ${w.name} failed; measuring what dist holds`);
    }
  }
  return state;
}

async function main() {
  fs.mkdirSync(LOGS, { recursive: true });
  const loadBefore = os.loadavg().map((v) => Number(v.toFixed(2)));
  const build = ensureBuilt();
  const secrets = runSecrets();
  const db = await createDatabase();
  await clearRedisKeys();
  log(`database ${db.name}; Redis ${process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/5'}`);
  const fakesProc = await spawnReporting(['--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'fakes-server.ts')]);
  const fakes = fakesProc.info;
  const running = new Set();
  const track = (s) => (running.add(s), s);
  const stop = async (s) => {
    running.delete(s);
    await s.stop();
  };
  const figures = {};
  const details = {};
  const errors = [];
  const attempt = async (name, fn) => {
    try {
      await fn();
    } catch (err) {
      log(`${name} FAILED: ${err.stack ?? err}`);
      errors.push({ benchmark: name, message: String(err.message ?? err) });
    }
  };
  const starts = {};
  const mediaNest = (label, env) => startMediaNest({ databaseUrl: db.url, secrets, fakes, logDir: LOGS, label, env }).then(track);

  try {
    // ---- first boot: empty database; idle memory beside a bare Express process ----
    log('first boot on an empty database');
    const bareExpress = await startBare('express');
    const s1 = await mediaNest('1-first-boot');
    starts.firstBootMs = s1.coldStartMs;
    starts.bareExpressMs = bareExpress.coldStartMs;
    const seeder = new Seeder(db.url, secrets.jwtSecret);
    const [benchUser] = await seeder.users('bench', 1);
    const [benchAdmin] = await seeder.users('benchadmin', 1, { role: 'admin' });
    // A Plex friend who sees two libraries, movies without R-rated ones: the per-user view on the hot path.
    const [benchFriend] = await seeder.users('benchfriend', 1);
    await seeder.plexShare(benchFriend, { plexId: '90001', sectionKeys: ['1', '2'], filters: { movies: 'contentRating!=R' } });
    await seeder.mediaRequests(benchUser.userId, 50);
    const adminId = (await seeder.pool.query(`SELECT id FROM users WHERE username = 'admin'`)).rows[0].id;
    await seeder.mediaRequests(adminId, 8, { tmdbBase: 600_000 });
    // 2,000 requests in all: the admin's scope=all page is one page of 20 out of 2,000.
    const requesters = await seeder.users('requester', 39);
    for (const [i, r] of requesters.entries()) await seeder.mediaRequests(r.userId, i < 38 ? 50 : 42, { tmdbBase: 700_000 + i * 100 });
    const idleAt = performance.now() + 10_000;
    await sleep(Math.max(0, idleAt - performance.now()));
    starts.idleRssMb = s1.rssMb();
    starts.bareExpressIdleRssMb = rssMb(bareExpress.pid);
    await bareExpress.stop();
    const bareHttp = await startBare('http');
    starts.bareHttpMs = bareHttp.coldStartMs;
    await bareHttp.stop();

    if (ONLY.has('api')) {
      log('1. API overhead');
      await attempt('API overhead', async () => {
        const r = await apiOverhead({ url: s1.url, pid: s1.pid, token: benchUser.token, adminToken: benchAdmin.token, friendToken: benchFriend.token, seconds: LOAD_SECONDS, log });
        figures.api = r.figures;
        details.api = r.details;
      });
    }
    if (ONLY.has('cache')) {
      log('2. Cache');
      await attempt('Cache', async () => {
        const r = await cacheBench({ url: s1.url, token: benchUser.token, fakes, log });
        figures.cache = r.figures;
        details.cache = r.details;
      });
    }
    starts.afterLoadRssMb = s1.rssMb();
    await stop(s1);

    // ---- restart with 1 s service checks for the real-time benchmark ----
    starts.restartMs = [];
    if (ONLY.has('realtime')) {
      log('3. Real time');
      const s2 = await mediaNest('2-realtime', { SERVICE_CHECK_INTERVAL_SECONDS: '1' });
      starts.restartMs.push(s2.coldStartMs);
      await attempt('Real time', async () => {
        const clients = await seeder.users('socket', CLIENTS);
        const ownerUsers = await seeder.users('owner', 10);
        const { created } = await postJson(`${fakes.control}/overseerr/seed-requests`, { count: ownerUsers.length * 20, tmdbBase: 800_000 });
        const owners = [];
        for (const [i, o] of ownerUsers.entries()) {
          const linked = created.slice(i * 20, (i + 1) * 20);
          const ids = await seeder.mediaRequests(o.userId, linked.length, { overseerr: linked });
          owners.push({ ...o, requests: linked.map((l, k) => ({ id: ids[k], overseerrRequestId: l.overseerrRequestId })) });
        }
        const r = await realtimeBench({
          server: s2,
          clients,
          owners,
          fakes,
          secrets,
          startBareSocketIo: () => startBare('socketio').then((b) => ({ ...b, url: b.url.replace(/\/$/, '') })),
          log,
        });
        figures.realtime = r.figures;
        details.realtime = r.details;
      });
      await stop(s2);
    }

    log('restart timing');
    const s3 = await mediaNest('3-restart');
    starts.restartMs.push(s3.coldStartMs);
    await stop(s3);
    // With an inspector port: the soak samples the heap after full garbage collections.
    const inspectPort = await freePort();
    const s4 = await startMediaNest({ databaseUrl: db.url, secrets, fakes, logDir: LOGS, label: '4-webapp-soak', nodeArgs: [`--inspect=127.0.0.1:${inspectPort}`] }).then(track);
    s4.inspectPort = inspectPort;
    starts.restartMs.push(s4.coldStartMs);

    if (ONLY.has('webapp')) {
      log('5. Web app');
      await attempt('Web app', async () => {
        const bare = await startBare('http');
        try {
          await adminLogin(s4.url, secrets);
          const r = await webappBench({ url: s4.url, baselineUrl: bare.url, credentials: { username: 'admin', password: secrets.adminPassword }, log });
          figures.webapp = r.figures;
          details.webapp = r.details;
        } finally {
          await bare.stop();
        }
      });
    }
    if (ONLY.has('footprint')) {
      log(`4. Footprint: soak ${SOAK_SECONDS} s`);
      figures.footprint = startFigures(starts);
      await attempt('Footprint soak', async () => {
        const r = await soak({ server: s4, token: benchUser.token, seconds: SOAK_SECONDS, log });
        figures.footprint.push(...r.figures);
        details.soak = r.details;
      });
    }
    details.starts = starts;
    await stop(s4);
    if (ONLY.has('scale')) {
      log('6. Data growth');
      await attempt('Data growth', async () => {
        const r = await scaleBench({ secrets, fakes, log, logDir: LOGS });
        figures.scale = r.figures;
        details.scale = r.details;
      });
    }
    await seeder.close();
  } finally {
    for (const s of running) await s.stop().catch(() => undefined);
    await stopProcess(fakesProc).catch(() => undefined);
    await dropDatabase(db.name).catch((err) => log(`could not drop ${db.name}: ${err.message}`));
    await clearRedisKeys().catch(() => undefined);
  }

  const cpus = os.cpus();
  const report = {
    finishedAt: new Date().toISOString(),
    totalSeconds: Math.round((performance.now() - t0) / 1000),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      loadBefore,
      loadAfter: os.loadavg().map((v) => Number(v.toFixed(2))),
    },
    settings: { soakSeconds: SOAK_SECONDS, loadSeconds: LOAD_SECONDS, connections: 50, socketClients: CLIENTS, loadGenerator: 'autocannon 8 (separate process)' },
    build,
    figures: ['api', 'cache', 'realtime', 'footprint', 'webapp', 'scale'].flatMap((k) => figures[k] ?? []),
    sizes: details.webapp?.sizes,
    errors,
    details,
  };
  const md = writeReport(RESULTS, report);
  console.log(`\n${md}`);
  log(`report written to ${path.relative(ROOT, RESULTS)}/latest.md and latest.json`);
  if (errors.length > 0) process.exitCode = 1;
}

// Exit explicitly: a helper left behind by a failed benchmark must not keep the run alive.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
