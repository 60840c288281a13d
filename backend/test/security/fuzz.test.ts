import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyFor, pathValues, queryString, type Body } from './fuzz-inputs';
import { WEBHOOK_PATH, WEBHOOK_SECRET, databaseDigest, fillPath, operationsOf, seedResources, startSecurityApp, type Operation, type SecurityApp } from './security-app';

/**
 * Property-based fuzzing of every route in the generated OpenAPI document
 * (new routes are covered automatically): arbitrary and mutated JSON bodies,
 * query strings (repeated names, __proto__, unicode, huge numbers, broken
 * encodings) and path parameters, as an admin, a plain user and anonymously.
 * The server must never answer 5xx, errors keep the contract's shape, and a
 * rejected request (4xx) changes no row of any table.
 * FUZZ_RUNS cases per route (default 100; `npm run fuzz -- --runs 10000` for a
 * deeper run). The seed is fixed in CI (FUZZ_SEED, else 20261205) so a run is
 * repeatable; a local run draws one. Either way it is printed, and a failure
 * names it: `FUZZ_SEED=<seed> npm run fuzz` replays it.
 */
const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 100);
const CI_SEED = 20261205;
const FUZZ_SEED = process.env.FUZZ_SEED !== undefined && process.env.FUZZ_SEED !== ''
  ? Number(process.env.FUZZ_SEED)
  : process.env.CI ? CI_SEED : Math.floor(Math.random() * 2 ** 31);
if (!Number.isSafeInteger(FUZZ_SEED)) throw new Error(`FUZZ_SEED must be an integer, got ${process.env.FUZZ_SEED}`);
console.log(`fuzz: seed ${FUZZ_SEED}, ${FUZZ_RUNS} cases per route (replay with FUZZ_SEED=${FUZZ_SEED})`);

let s: SecurityApp;
let realIds: string[];
let server: http.Server;
let base: string;
let operations: Operation[];

beforeAll(async () => {
  // LOG_LEVEL info: no access-log line per request (thousands of them); the logs are not what is tested here.
  s = await startSecurityApp({ env: { LOG_LEVEL: 'info' } });
  // Random TMDB ids meet Overseerr's catch-all 500, which counts against its circuit breaker; open, it
  // would answer later routes with 503 without asking the fake. Fuzzing wants every case to reach it.
  s.t.container.media.overseerr.circuit.failureThreshold = Number.MAX_SAFE_INTEGER;
  const own = await seedResources(s.t, s.user);
  const others = await seedResources(s.t, s.victim);
  realIds = [own.requestId, own.notificationId, others.requestId, others.notificationId, s.victim.id, 'plex', 'overseerr', '1', '2', '101'];
  // Plain HTTP against the in-process app (no background jobs), so raw and broken URLs reach it untouched.
  server = http.createServer(s.t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  operations = operationsOf((await (await fetch(`${base}/api/docs/openapi.json`)).json()) as Parameters<typeof operationsOf>[0]);
  // First use persists this install's Plex client id; done here so it is not mistaken for a fuzzed request's doing.
  await fetch(`${base}/api/v1/plex/libraries`, { headers: { authorization: await s.bearer(s.user) } });
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await s?.close();
});

/** A valid body for each route that takes one; the fuzzer mutates it. */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  '/api/v1/auth/plex/callback': { pinId: 1, pinToken: 'p'.repeat(32) },
  '/api/v1/auth/plex/link': { pinId: 1, pinToken: 'p'.repeat(32) },
  '/api/v1/auth/login': { username: 'sec-user', password: 'not-the-password' },
  '/api/v1/auth/password': { currentPassword: 'not-the-password', newPassword: 'a-new-password-0123' },
  '/api/v1/admin/users/{id}': { status: 'suspended' },
  '/api/v1/admin/settings': { uptimeKuma: { url: 'http://127.0.0.1:9', statusPage: 'home' } },
  '/api/v1/media/requests': { tmdbId: 603, mediaType: 'movie' },
  '/api/v1/follows/{mediaType}/{tmdbId}': { title: 'The Matrix' },
  '/api/v1/notifications/settings': { preferences: { request: ['inApp', 'email'] }, targets: { ntfy: { url: 'http://127.0.0.1:9/ntfy', topic: 'medianest' } }, digestOptOut: false },
  '/api/v1/notifications/push/subscriptions': { endpoint: 'http://127.0.0.1:9/push/1', keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) } },
  '/api/v1/admin/notifications/settings': { smtp: { host: 'smtp.example.test', port: 587, tls: 'starttls', from: 'x@example.test' }, serverName: 'MediaNest', digest: { enabled: true, day: 1 } },
  '/api/v1/admin/announcements': { title: 'Maintenance', message: 'Tonight' },
  '/api/v1/admin/invites': { libraryIds: [], maxUses: 1, accessDays: 30, note: 'fuzz' },
  '/api/v1/invites/{code}/accept': { pinId: 1, pinToken: 'p'.repeat(32) },
  '/api/v1/admin/users/{id}/access': { expiresAt: '2030-01-01T00:00:00.000Z' },
  '/api/v1/admin/setup/test': { service: 'uptimeKuma', url: 'http://127.0.0.1:9', statusPage: 'home' },
  '/api/v1/admin/setup/plex-server': { machineIdentifier: '96f2fe7a78c9dc1f16a16bedbe90f98149be16b4', uri: 'http://127.0.0.1:9', dryRun: true },
  [WEBHOOK_PATH]: {
    notification_type: 'MEDIA_APPROVED',
    event: 'Movie Request Approved',
    subject: 'The Matrix (1999)',
    media: { media_type: 'movie', tmdbId: '603', tvdbId: '', status: 'PROCESSING', status4k: 'UNKNOWN' },
    request: { request_id: '34', requestedBy_username: 'sam' },
  },
};

type Actor = 'admin' | 'user' | 'anonymous';

interface Case {
  actor: Actor;
  params: Record<string, string>;
  query: string;
  body: Body;
}

function caseFor(op: Operation): fc.Arbitrary<Case> {
  const actors: Actor[] = op.access === 'public' ? ['anonymous', 'user'] : ['admin', 'user', 'anonymous'];
  return fc.record({
    actor: fc.constantFrom(...actors),
    params: pathValues(op, realIds),
    query: queryString(op),
    body: op.method === 'get' ? fc.constant<Body>(undefined) : bodyFor(VALID_BODIES[op.path]),
  });
}

/** The digest of the database as it is now, when known (saves a query per case). */
let known: Record<string, string> | undefined;

/** One session per actor, replaced whenever a fuzzed logout or password change may have ended it. */
const bearers = new Map<Actor, string>();

async function headersFor(op: Operation, c: Case): Promise<Record<string, string>> {
  if (op.path === WEBHOOK_PATH) return { authorization: WEBHOOK_SECRET };
  if (c.actor === 'anonymous') return {};
  let bearer = bearers.get(c.actor);
  if (!bearer || ENDS_SESSIONS.has(op.path)) {
    bearer = await s.bearer(c.actor === 'admin' ? s.admin : s.user);
    bearers.set(c.actor, bearer);
    // A new session row: the database is no longer what the last digest saw.
    known = undefined;
  }
  return { authorization: bearer };
}

const ENDS_SESSIONS = new Set(['/api/v1/auth/logout', '/api/v1/auth/password']);

/**
 * Rows a rejected request may add: failed sign-ins and password changes are
 * audited on purpose (brute force must leave a trace). Nothing else may change.
 */
function comparable(op: Operation, digest: Record<string, string>): Record<string, string> {
  if (!op.path.startsWith('/api/v1/auth/')) return digest;
  // row_counts holds the audit log's total, kept by a trigger: it moves with audit_log.
  const { audit_log: _audited, row_counts: _auditCount, ...rest } = digest;
  return rest;
}

async function send(op: Operation, c: Case, headers: Record<string, string>): Promise<{ status: number; text: string; url: string }> {
  let body: string | undefined;
  if (c.body) {
    headers['content-type'] = 'application/json';
    body = 'raw' in c.body ? c.body.raw : JSON.stringify(c.body.json);
  }
  const url = `${fillPath(op.path, c.params)}${c.query ? `?${c.query}` : ''}`;
  const res = await fetch(base + url, { method: op.method.toUpperCase(), headers, body, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text(), url };
}

/**
 * GET routes that create rows on purpose: starting a Plex sign-in (the contract accepts GET for it),
 * and the VAPID public key, whose key pair is generated (once) when first asked for.
 */
const UNSAFE_GETS = new Set(['/api/v1/auth/plex/login', '/api/v1/notifications/push/public-key']);
const isRead = (op: Operation) => op.method === 'get' && !UNSAFE_GETS.has(op.path);

async function checkCase(op: Operation, c: Case, options: { digest: boolean }): Promise<void> {
  const headers = await headersFor(op, c);
  const before = options.digest ? (known ??= await databaseDigest(s.t)) : undefined;
  const upstreamSeen = s.overseerr.requests.length;
  const res = await send(op, c, headers);
  const where = `${op.method.toUpperCase()} ${res.url} as ${c.actor} -> ${res.status} ${res.text.slice(0, 300)}`;
  if (res.status >= 500) {
    // Only an upstream failure may answer 5xx, and only as a 503 naming it: Overseerr answers any failed
    // details call (an unknown TMDB id included) with its catch-all 500, which MediaNest cannot confirm.
    const upstreamFailed = s.overseerr.requests.slice(upstreamSeen).some((r) => (r.answeredStatus ?? 0) >= 500);
    const error = (parseJson(res.text) as { error?: { code?: unknown; service?: unknown } } | undefined)?.error;
    expect(upstreamFailed && res.status === 503 && error?.code === 'SERVICE_UNAVAILABLE' && error.service === 'overseerr', where).toBe(true);
  }
  if (res.status < 400) {
    known = undefined;
    return;
  }
  const parsed = parseJson(res.text) as { error?: { code?: unknown; requestId?: unknown } } | undefined;
  expect(typeof parsed?.error?.code, where).toBe('string');
  expect(typeof parsed?.error?.requestId, where).toBe('string');
  if (!before) return;
  known = await databaseDigest(s.t);
  expect(comparable(op, known), where).toEqual(comparable(op, before));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function routeSeed(op: Operation): number {
  let h = FUZZ_SEED | 0;
  for (const ch of `${op.method} ${op.path}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h | 0;
}

/** Fuzzes one route; returns the failure (with fast-check's shrunk counterexample), if any. */
async function fuzz(op: Operation): Promise<string | undefined> {
  const read = isRead(op);
  if (read) {
    // Sessions exist before the digest: reads must change nothing at all, whatever the status.
    await headersFor(op, { actor: 'admin', params: {}, query: '', body: undefined });
    await headersFor(op, { actor: 'user', params: {}, query: '', body: undefined });
  }
  const before = read ? await databaseDigest(s.t) : undefined;
  try {
    await fc.assert(
      fc.asyncProperty(caseFor(op), (c) => checkCase(op, c, { digest: !read })),
      // One seed per route, derived from the run's seed, so adding a route does not reshuffle the others.
      { numRuns: FUZZ_RUNS, endOnFailure: true, seed: routeSeed(op) },
    );
    if (before) expect(await databaseDigest(s.t), 'a read changed rows').toEqual(before);
    return undefined;
  } catch (err) {
    // fast-check puts the counterexample first and the property's own error last: keep both ends.
    const message = (err as Error).message;
    const text = message.length > 2400 ? `${message.slice(0, 800)} … ${message.slice(-1600)}` : message;
    const cause = (err as { cause?: unknown }).cause;
    return `${op.method.toUpperCase()} ${op.path} (FUZZ_SEED=${FUZZ_SEED}): ${text}${cause ? `\nCause: ${String((cause as Error).message ?? cause).slice(0, 1500)}` : ''}`;
  }
}

describe('fuzzing every route of the OpenAPI document', () => {
  it('finds the routes to fuzz in the generated document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(25);
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining(['post /api/v1/media/requests', 'patch /api/v1/admin/users/{id}', 'put /api/v1/admin/settings', `post ${WEBHOOK_PATH}`, 'get /api/v1/plex/image']),
    );
  });

  // One test walking the generated document, so a route added tomorrow is fuzzed without touching this file.
  it(`never answers 5xx on any route, and no rejected request changes a row (${FUZZ_RUNS} cases per route)`, async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const failure = await fuzz(op);
      if (failure) failures.push(failure);
    }
    expect(failures).toEqual([]);
  }, 900_000);
});
