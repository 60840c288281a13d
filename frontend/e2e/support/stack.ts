/**
 * The system under test, as a newcomer runs it: fake upstreams (plex.tv, Plex Media Server,
 * Overseerr, Uptime Kuma) in this process, a fresh PostgreSQL database, and the real built
 * server (`node backend/dist/main.js`) in a child process serving the built web app.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { FakeOverseerr, FakePlexServer, FakePlexTv, FakePlexTvSharing, FakeUptimeKuma, KumaStatus, MediaStatus, Permission, type PlexTvAccount, type WebhookType } from '../../../backend/test/fakes';
import { REPO_DIR, SERVER_ENTRY, missingBuilds } from './paths';

const PG_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_BASE_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A Redis database index of its own: the built server always uses the `mn:` key prefix. */
const REDIS_DB = Number(process.env.E2E_REDIS_DB ?? 13);
const REDIS_PREFIX = 'mn:';

export const WEBHOOK_SECRET = 'e2e-webhook-secret-5d1c';
export const NEW_ADMIN_PASSWORD = 'correct horse battery staple';

export interface Stack {
  url: string;
  plextv: FakePlexTv;
  pms: FakePlexServer;
  overseerr: FakeOverseerr;
  kuma: FakeUptimeKuma;
  /** Owns the Plex server: signs in as admin. */
  owner: PlexTvAccount;
  /** The server is shared with these. */
  friends: PlexTvAccount[];
  /** Has a Plex account, but the server is not shared with it. */
  stranger: PlexTvAccount;
  /** The owner shares only "Movies" with this friend (the friends above get all libraries). */
  moviesOnly: PlexTvAccount;
  /** plex.tv sharing of the owner's server (invitations). */
  sharing: FakePlexTvSharing;
  /** A Plex account with no access, to be invited. */
  newcomer: PlexTvAccount;
  /** The server's output so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Sends Overseerr's webhook for one of its requests, the way Overseerr would. */
  webhook(type: WebhookType, requestId: number): Promise<number>;
  close(): Promise<void>;
}

const FRIEND_NAMES = ['alice', 'bob', 'carol', 'dave'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function createDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mn_e2e_${Date.now()}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Removes this suite's keys (and only those) from its own Redis database index. */
async function clearRedisKeys(): Promise<void> {
  const redis = new Redis(`${REDIS_BASE_URL}/${REDIS_DB}`, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${REDIS_PREFIX}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function startFakes() {
  const plextv = new FakePlexTv();
  // The server's token is its owner's plex.tv token (as on a claimed server): MediaNest reads shares with it.
  const ownerToken = 'owner-plex-token-0001';
  const pms = FakePlexServer.withSampleLibrary({ token: ownerToken, movies: 60, shows: 6, seasonsPerShow: 2, episodesPerSeason: 4, collections: 3, artists: 2 });
  const overseerr = new FakeOverseerr({ machineId: pms.machineIdentifier });
  const kuma = new FakeUptimeKuma();
  await Promise.all([plextv.start(), pms.start(), overseerr.start(), kuma.start()]);

  const owner = plextv.addAccount({ id: 1001, uuid: 'owner-uuid', username: 'owner', email: 'owner@example.com', token: ownerToken });
  plextv.shareServer(owner.token, pms.machineIdentifier, { owned: true, uri: pms.url });
  plextv.setServerSections(pms.machineIdentifier, pms.library.sections.map((s) => ({ key: s.key, title: s.title, type: s.type })));
  // One store of shares (invitations and the shares below): the sharing plug-in. Invitations: PLEX_TOKEN (the PMS token) is the owner's plex.tv token too, as on a real install.
  plextv.addAccount({ ...owner, token: pms.token });
  const sharing = new FakePlexTvSharing(plextv);
  sharing.addServer({ machineIdentifier: pms.machineIdentifier, ownerToken: pms.token, uri: pms.url, sections: pms.library.sections.map((s) => ({ key: s.key, title: s.title, type: s.type })) });
  const friends = FRIEND_NAMES.map((username, i) => {
    const account = plextv.addAccount({ id: 2001 + i, uuid: `${username}-uuid`, username, email: `${username}@example.com`, token: `${username}-plex-token-${2001 + i}` });
    const device = plextv.shareServer(account.token, pms.machineIdentifier, { owned: false, ownerToken: owner.token, uri: pms.url });
    pms.addToken(device.accessToken);
    plextv.setShare(owner.token, account.token, pms.machineIdentifier, { sections: 'all', uri: pms.url });
    // Their Overseerr accounts (imported from Plex) may request but need approval.
    overseerr.addUser({ id: 10 + i, email: account.email, plexId: account.id, plexUsername: username, permissions: Permission.REQUEST });
    return account;
  });
  const stranger = plextv.addAccount({ id: 3003, uuid: 'stranger-uuid', username: 'stranger', email: 'stranger@example.com', token: 'stranger-plex-token-03' });
  plextv.shareServer(stranger.token, 'f76e7b49cd981f44e37f3128b6e9fca2db32bca1', { owned: true });
  const newcomer = plextv.addAccount({ id: 4004, uuid: 'newcomer-uuid', username: 'newcomer', email: 'newcomer@example.com', token: 'newcomer-plex-token-04' });
  const moviesOnly = plextv.addAccount({ id: 4005, uuid: 'erin-uuid', username: 'erin', email: 'erin@example.com', token: 'erin-plex-token-4005' });
  plextv.setShare(owner.token, moviesOnly.token, pms.machineIdentifier, { sections: ['1'], uri: pms.url });

  // What Overseerr already knows: The Matrix is on the server, Inception was requested by someone.
  overseerr.setMediaStatus(603, 'movie', MediaStatus.AVAILABLE, { ratingKey: pms.findByTitle('The Matrix')?.ratingKey });
  overseerr.setMediaStatus(27205, 'movie', MediaStatus.PENDING);

  kuma.addMonitor({ id: 1, name: 'Home router' });
  kuma.addMonitor({ id: 2, name: 'NAS storage', url: 'http://192.0.2.20:5000', sendUrl: true });
  kuma.addMonitor({ id: 3, name: 'VPN gateway' });
  const now = Date.now();
  for (let i = 48; i > 0; i--) {
    kuma.pushBeat(1, KumaStatus.UP, 8 + (i % 3), { at: now - i * 60_000 });
    kuma.pushBeat(2, i % 17 === 0 ? KumaStatus.DOWN : KumaStatus.UP, 40 + (i % 7) * 9, { at: now - i * 60_000 + 1 });
    kuma.pushBeat(3, KumaStatus.UP, 120 + (i % 5) * 30, { at: now - i * 60_000 + 2 });
  }
  return { plextv, pms, overseerr, kuma, owner, friends, stranger, moviesOnly, sharing, newcomer };
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not become healthy within 60 s:\n${output()}`);
}

export interface StackOptions {
  /** A fresh install: Plex, Overseerr and Uptime Kuma are not given in the environment (admins set them up). */
  unconfigured?: boolean;
}

/** The variables that connect MediaNest to its upstreams (left out for a fresh install). */
const UPSTREAM_VARIABLES = ['PLEX_SERVER_URL', 'PLEX_TOKEN', 'OVERSEERR_URL', 'OVERSEERR_API_KEY', 'OVERSEERR_WEBHOOK_SECRET', 'UPTIME_KUMA_URL', 'UPTIME_KUMA_STATUS_PAGE'];

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const missing = missingBuilds();
  if (missing.length > 0) throw new Error(`Missing: ${missing.join(', ')}. Run \`npm run build\` first.`);

  const fakes = await startFakes();
  const db = await createDatabase();
  await clearRedisKeys();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medianest-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    APP_URL: url,
    DATABASE_URL: db.url,
    REDIS_URL: `${REDIS_BASE_URL}/${REDIS_DB}`,
    DATA_DIR: dataDir,
    JWT_SECRET: crypto.randomBytes(48).toString('base64url'),
    ENCRYPTION_KEY: crypto.randomBytes(32).toString('hex'),
    METRICS_TOKEN: crypto.randomBytes(24).toString('hex'),
    PLEX_TV_URL: fakes.plextv.url,
    PLEX_AUTH_APP_URL: `${fakes.plextv.url}/auth`,
    PLEX_SERVER_URL: fakes.pms.url,
    PLEX_TOKEN: fakes.pms.token,
    OVERSEERR_URL: fakes.overseerr.url,
    OVERSEERR_API_KEY: fakes.overseerr.apiKey,
    OVERSEERR_WEBHOOK_SECRET: WEBHOOK_SECRET,
    UPTIME_KUMA_URL: fakes.kuma.url,
    UPTIME_KUMA_STATUS_PAGE: fakes.kuma.slug,
    SERVICE_CHECK_INTERVAL_SECONDS: '2',
    RATE_LIMIT_API_PER_MINUTE: '5000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100',
    RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR: '100',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  };
  if (options.unconfigured) for (const name of UPSTREAM_VARIABLES) delete env[name];
  let log = '';
  const child = spawn(process.execPath, [SERVER_ENTRY], { cwd: REPO_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
    if (process.env.E2E_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const output = () => log || '(no output)';

  const cleanup = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await Promise.allSettled([fakes.plextv.stop(), fakes.pms.stop(), fakes.overseerr.stop(), fakes.kuma.stop()]);
    await db.drop().catch(() => undefined);
    await clearRedisKeys().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, output);
  } catch (error) {
    await cleanup();
    throw error;
  }

  return {
    url,
    ...fakes,
    output,
    webhook: (type, requestId) =>
      fakes.overseerr.sendWebhook(`${url}/api/v1/webhooks/overseerr`, { type, requestId }, { authHeader: WEBHOOK_SECRET }),
    close: cleanup,
  };
}
