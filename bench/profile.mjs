#!/usr/bin/env node
// CPU profile of the built server under load, per hot endpoint: `node bench/profile.mjs [seconds]`.
// Starts MediaNest like the benchmarks do (fresh database, fakes, seeded user), with
// `--cpu-prof`, loads one endpoint at a time at 50 connections and prints the top self-time
// functions per request. Not part of `npm run bench`; see bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearRedisKeys, createDatabase, dropDatabase, Seeder } from './lib/db.mjs';
import { runSecrets, startMediaNest } from './lib/medianest.mjs';
import { measure } from './lib/load.mjs';
import { startBare } from './api-overhead.mjs';
import { spawnReporting, stopProcess } from './lib/proc.mjs';

const SECONDS = Number(process.argv[2] ?? 8);
const ONLY = process.env.PROFILE_ONLY?.split(',');
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function summarize(file, requests, window, top = 25) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  // Only the samples of the measured run: it ended `window.tailMs` before the profile did.
  const windowEnd = prof.endTime - window.tailMs * 1000;
  const windowStart = windowEnd - window.seconds * 1000_000;
  const inWindow = [];
  for (let i = 0, t = prof.startTime; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i] ?? 0;
    inWindow.push(t >= windowStart && t <= windowEnd);
  }
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) {
    if (!inWindow[i]) continue;
    const n = byId.get(prof.samples[i]);
    const cf = n.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\//, '').replace(/^.*\/backend\/dist\//, 'dist/')}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = self.get('(idle) :0') ?? 0;
  const rows = [...self.entries()].filter(([k]) => k !== '(idle) :0').sort((a, b) => b[1] - a[1]).slice(0, top);
  const busy = total - idle;
  // Inclusive time of each function (its callees included), counted once per sample even when recursive.
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    if (!inWindow[i]) continue;
    const seen = new Set();
    for (let id = prof.samples[i]; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id).callFrame;
      if (!cf.url.includes('/dist/') && !cf.url.includes('node_modules')) continue;
      const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\//, '').replace(/^.*\/backend\/dist\//, 'dist/')}:${cf.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + (dt[i] ?? 0));
    }
  }
  const lines = [`busy ${(busy / 1000).toFixed(0)} ms over ${requests} requests = ${(busy / 1000 / requests).toFixed(3)} ms/request`];
  for (const [k, us] of rows) lines.push(`${((us / busy) * 100).toFixed(1).padStart(5)}%  ${(us / 1000 / requests).toFixed(4)} ms/req  ${k}`);
  if (process.env.PROFILE_INCLUSIVE) {
    lines.push('  inclusive:');
    const incl = [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_INCLUSIVE));
    for (const [k, us] of incl) lines.push(`${((us / busy) * 100).toFixed(1).padStart(5)}%  ${(us / 1000 / requests).toFixed(4)} ms/req  ${k}`);
  }
  return lines.join('\n');
}

const secrets = runSecrets();
const db = await createDatabase();
await clearRedisKeys();
const fakesProc = await spawnReporting(['--import', 'tsx', path.join(ROOT, 'bench', 'lib', 'fakes-server.ts')]);
const fakes = fakesProc.info;
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-prof-'));
const targets = [
  { key: 'health', path: '/api/health' },
  { key: 'requests', path: '/api/v1/media/requests?page=1&pageSize=20', auth: 'user' },
  { key: 'requests-all', path: '/api/v1/media/requests?scope=all&page=1&pageSize=20', auth: 'admin' },
  { key: 'plex', path: '/api/v1/plex/libraries/1/items?page=1&pageSize=20', auth: 'user' },
].filter((t) => !ONLY || ONLY.includes(t.key));
try {
  const seeder = new Seeder(db.url, secrets.jwtSecret);
  // Boot once to migrate, then seed and profile one server per endpoint.
  const boot = await startMediaNest({ databaseUrl: db.url, secrets, fakes, logDir, label: 'boot' });
  const [user] = await seeder.users('bench', 1);
  const [admin] = await seeder.users('benchadmin', 1);
  await seeder.pool.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [admin.userId]);
  await seeder.mediaRequests(user.userId, 2000);
  // As autovacuum would soon after: the planner's estimates must see the seeded rows.
  await seeder.pool.query('ANALYZE');
  await boot.stop();
  // Same-run reference: bare Express answering a constant JSON body.
  const bare = await startBare('express');
  const ref = await measure({ url: bare.url, seconds: SECONDS, pid: bare.pid });
  await bare.stop();
  console.log(`## bare Express: ${Math.round(ref.requestsPerSecond)} req/s, ${ref.cpuMsPerRequest.toFixed(3)} ms CPU/request`);
  for (const t of targets) {
    const profDir = fs.mkdtempSync(path.join(os.tmpdir(), `mn-prof-${t.key}-`));
    const s = await startMediaNest({ databaseUrl: db.url, secrets, fakes, logDir, label: t.key, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
    const headers = t.auth ? { authorization: `Bearer ${(t.auth === 'admin' ? admin : user).token}` } : {};
    const first = await fetch(`${s.url}${t.path}`, { headers });
    if (first.status !== 200) throw new Error(`${t.key}: ${first.status} ${await first.text()}`);
    const r = await measure({ url: `${s.url}${t.path}`, headers, seconds: SECONDS, pid: s.pid });
    const stopping = performance.now();
    await s.stop();
    const tailMs = performance.now() - stopping;
    await new Promise((res) => setTimeout(res, 500));
    const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    console.log(`\n## ${t.key} ${t.path}: ${Math.round(r.requestsPerSecond)} req/s (${(r.requestsPerSecond / ref.requestsPerSecond).toFixed(2)}× bare Express), ${r.cpuMsPerRequest.toFixed(3)} ms CPU/request (${(r.cpuMsPerRequest / ref.cpuMsPerRequest).toFixed(2)}×)${r.warning ? ` (${r.warning})` : ''}`);
    console.log(file ? summarize(path.join(profDir, file), r.total, { seconds: SECONDS, tailMs }) : '(no profile written)');
  }
  await seeder.close();
} finally {
  await stopProcess(fakesProc);
  if (process.env.PROFILE_KEEP_DB) console.log(`kept database ${db.name}`);
  else await dropDatabase(db.name);
}
