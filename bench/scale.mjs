// Cost as data grows: p95 of every list and summary endpoint on an empty instance, then on a large
// one (bench/lib/large-seed.sql: 10,000 users, 200,000 requests with history, 2,000,000 service
// checks, 200,000 notifications, 50,000 audit entries), same server build, same database server.
// The query plans the large instance used are captured with PostgreSQL's auto_explain and scanned
// for sequential scans over the big tables.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, dropDatabase, PG_ADMIN_URL, Seeder } from './lib/db.mjs';
import { figure } from './lib/figures.mjs';
import { adminLogin, ROOT, startMediaNest } from './lib/medianest.mjs';
import { percentile, round } from './lib/stats.mjs';

// Enough sequential calls that a p95 is not one or two unlucky samples (a few ms each).
const CALLS = Number(process.env.BENCH_SCALE_CALLS ?? 200);
const WARMUP = 20;
const PLAN_CALLS = 20;
const BIG_TABLES = ['media_requests', 'media_request_history', 'service_checks', 'notifications', 'audit_log', 'users'];
const PG_LOG_DIR = process.env.BENCH_PG_LOG_DIR ?? '/var/log/postgresql';

/** The endpoints measured, with who calls them. */
const ENDPOINTS = [
  { name: 'own requests, first page', path: '/api/v1/media/requests', as: 'user' },
  { name: 'admin: all requests, filtered by status, newest first', path: '/api/v1/media/requests?scope=all&status=pending', as: 'admin' },
  { name: 'admin: all requests, page 500', path: '/api/v1/media/requests?scope=all&page=500&pageSize=20', as: 'admin' },
  { name: 'admin: users search', path: '/api/v1/admin/users?search=member12', as: 'admin' },
  { name: 'services with 24 h / 7 d / 30 d uptime', path: '/api/v1/services', as: 'user' },
  { name: "a service's 30-day history", path: '/api/v1/services/plex/history?range=30d', as: 'user' },
  { name: 'notifications with unread count', path: '/api/v1/notifications', as: 'user' },
  { name: 'admin: audit log, first page', path: '/api/v1/admin/audit-log', as: 'admin' },
];

/** Calls `url` `times` times in a row (each must answer 200); the duration of each call in ms. */
async function callRepeatedly(url, token, times) {
  const durations = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    durations.push(performance.now() - t0);
  }
  return durations;
}

async function p95Of(url, token) {
  const times = (await callRepeatedly(url, token, WARMUP + CALLS)).slice(WARMUP);
  return { p95: percentile(times, 95), p50: percentile(times, 50) };
}

async function measureAll(server, tokens) {
  const out = {};
  for (const e of ENDPOINTS) out[e.name] = await p95Of(`${server.url}${e.path}`, tokens[e.as]);
  return out;
}

/** The bench user's own rows, the same in both instances: 20 requests, 20 notifications (7 unread). */
async function seedOwn(seeder, userId) {
  await seeder.mediaRequests(userId, 20, { tmdbBase: 900_000 });
  await seeder.pool.query(
    `INSERT INTO notifications (id, user_id, type, title, message, read_at, created_at)
     SELECT 'own-n' || g, $1, 'request.updated', 'Yours', 'Your title ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE now() END, now() - g * interval '1 hour'
     FROM generate_series(1, 20) AS g`,
    [userId],
  );
}

function pgLogFile() {
  if (!fs.existsSync(PG_LOG_DIR)) return undefined;
  const logs = fs.readdirSync(PG_LOG_DIR).filter((f) => /^postgresql-.*\.log$/.test(f)).map((f) => path.join(PG_LOG_DIR, f));
  return logs.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

/** auto_explain's plans for one database, from the server log written after `offset`. */
function plansSince(file, offset, dbName) {
  const text = fs.readFileSync(file, 'utf8').slice(offset);
  const entries = text.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/).filter((e) => e.includes(`@${dbName} `) && e.includes('plan:'));
  return entries.map((e) => {
    const body = e.slice(e.indexOf('plan:') + 5);
    const query = /Query Text: ([\s\S]*?)\n\s*(?:\S.*?(?:Scan|Aggregate|Limit|Sort|Result|Append|Hash|Nested|Merge|Unique|Group|Gather|Subquery|CTE|WindowAgg|Materialize|Insert|Update|Delete|ModifyTable|Function|Values|ProjectSet|LockRows)\b)/.exec(body)?.[1]?.trim() ?? '';
    const seqScans = BIG_TABLES.filter((table) => new RegExp(`Seq Scan on ${table}\\b`).test(body));
    return { query: query.replace(/\s+/g, ' ').slice(0, 300), seqScans, plan: body.trim() };
  });
}

export async function scaleBench({ secrets, fakes, log, logDir }) {
  const db = await createDatabase();
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  let server;
  const start = (label) => startMediaNest({ databaseUrl: db.url, secrets, fakes, logDir, label, env: { SERVICE_CHECK_INTERVAL_SECONDS: '86400', OVERSEERR_SYNC_INTERVAL_SECONDS: '86400' } });
  try {
    log('scale: empty instance');
    server = await start('scale-empty');
    const seeder = new Seeder(db.url, secrets.jwtSecret);
    const [user] = await seeder.users('scale', 1);
    await seedOwn(seeder, user.userId);
    const tokens = { user: user.token, admin: await adminLogin(server.url, secrets) };
    const empty = await measureAll(server, tokens);
    await server.stop();
    server = undefined;

    log('scale: seeding the large instance (about a minute)');
    const seedStarted = performance.now();
    await seeder.pool.query(fs.readFileSync(path.join(ROOT, 'bench', 'lib', 'large-seed.sql'), 'utf8'));
    // A large instance in its steady state has been vacuumed: without this, autovacuum works through
    // millions of freshly inserted rows on the same cores while the calls are measured.
    await seeder.pool.query('VACUUM (ANALYZE)');
    const seedSeconds = round((performance.now() - seedStarted) / 1000, 0);
    await seeder.close();

    log('scale: large instance');
    server = await start('scale-large');
    tokens.admin = await adminLogin(server.url, secrets);
    const large = await measureAll(server, tokens);
    await server.stop();
    server = undefined;

    // The plans, captured in a pass of their own: auto_explain writes every statement's plan to the
    // server log, work the measured runs above must not pay (the empty instance never did). Each
    // call runs enough times for PostgreSQL to settle on the plan it keeps for prepared statements
    // (custom plans for the first five runs, then possibly a generic one).
    const logFile = pgLogFile();
    let offset = 0;
    if (logFile) {
      await admin.query(`ALTER DATABASE "${db.name}" SET session_preload_libraries = 'auto_explain'`);
      await admin.query(`ALTER DATABASE "${db.name}" SET auto_explain.log_min_duration = 0`);
      offset = fs.statSync(logFile).size;
      log('scale: large instance again, capturing its query plans');
      server = await start('scale-plans');
      tokens.admin = await adminLogin(server.url, secrets);
      for (const e of ENDPOINTS) await callRepeatedly(`${server.url}${e.path}`, tokens[e.as], PLAN_CALLS);
      await server.stop();
      server = undefined;
    }

    const plans = logFile ? plansSince(logFile, offset, db.name) : [];
    const seqScans = plans.filter((p) => p.seqScans.length > 0);
    const figures = ENDPOINTS.map((e) =>
      figure({
        benchmark: 'Data growth',
        name: `p95, ${e.name} (${e.path.replace('/api/v1', '')})`,
        value: large[e.name].p95,
        unit: 'ms',
        digits: 2,
        baseline: { name: 'same call, empty instance', value: empty[e.name].p95 },
        target: { op: '<=', limit: 2, on: 'ratio', text: '≤ 2× the empty instance' },
        note: `p50 ${round(large[e.name].p50, 2)} ms (empty ${round(empty[e.name].p50, 2)} ms); ${CALLS} sequential calls`,
      }),
    );
    figures.push(
      figure({
        benchmark: 'Data growth',
        name: 'Statements of the large instance with a sequential scan over a big table',
        value: seqScans.length,
        unit: 'statements',
        digits: 0,
        target: { op: '==', limit: 0 },
        note: logFile ? `${plans.length} plans captured with auto_explain from ${logFile}` : `no PostgreSQL log found under ${PG_LOG_DIR}: plans not captured`,
      }),
    );
    // One plan per distinct statement, for the report.
    const distinct = new Map();
    for (const p of plans) if (!distinct.has(p.query)) distinct.set(p.query, p);
    return { figures, details: { seedSeconds, empty, large, plans: [...distinct.values()].map(({ query, seqScans: s, plan }) => ({ query, seqScans: s, plan: plan.slice(0, 4000) })) } };
  } finally {
    if (server) await server.stop().catch(() => undefined);
    await admin.end().catch(() => undefined);
    await dropDatabase(db.name).catch(() => undefined);
  }
}
