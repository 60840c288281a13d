// Starts the real built MediaNest server (backend/dist/main.js) the way production runs it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REDIS_URL } from './db.mjs';
import { freePort, rssMb, spawnNode, stopProcess, waitFor200 } from './proc.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const MAIN = path.join(ROOT, 'backend', 'dist', 'main.js');

/** Secrets of one benchmark run (random each run; never written anywhere but the child's environment). */
export function runSecrets() {
  return {
    jwtSecret: crypto.randomBytes(48).toString('hex'),
    encryptionKey: crypto.randomBytes(32).toString('hex'),
    metricsToken: crypto.randomBytes(24).toString('hex'),
    adminPassword: `bench-${crypto.randomBytes(12).toString('hex')}`,
    webhookSecret: crypto.randomBytes(24).toString('hex'),
  };
}

/**
 * One MediaNest process. `coldStartMs` is the time from spawn to the first 200 of /api/health.
 * `env` overrides the defaults (e.g. SERVICE_CHECK_INTERVAL_SECONDS for the real-time phase).
 */
export async function startMediaNest({ databaseUrl, secrets, fakes, logDir, label, env = {}, nodeArgs = [] }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-bench-data-'));
  const logFile = path.join(logDir, `server-${label}.log`);
  const proc = spawnNode([...nodeArgs, MAIN], {
    cwd: ROOT,
    logFile,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      JWT_SECRET: secrets.jwtSecret,
      ENCRYPTION_KEY: secrets.encryptionKey,
      METRICS_TOKEN: secrets.metricsToken,
      ADMIN_PASSWORD: secrets.adminPassword,
      // The contract's ceiling: the limiter still runs on every request but never refuses one.
      RATE_LIMIT_API_PER_MINUTE: '1000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
      RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR: '1000000',
      PLEX_SERVER_URL: fakes.plexUrl,
      PLEX_TOKEN: fakes.plexToken,
      OVERSEERR_URL: fakes.overseerrUrl,
      OVERSEERR_API_KEY: fakes.overseerrApiKey,
      OVERSEERR_WEBHOOK_SECRET: secrets.webhookSecret,
      // Nothing may reach the internet from here.
      PLEX_TV_URL: 'http://127.0.0.1:9',
      ...env,
    },
  });
  let coldStartMs;
  try {
    coldStartMs = await waitFor200(`${url}/api/health`, proc.startedAt, { exited: proc.exited, timeoutMs: 60_000 });
  } catch (err) {
    await Promise.race([proc.exited, new Promise((resolve) => setTimeout(resolve, 500))]);
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`${err.message}\n--- ${logFile} ---\n${tail}`, { cause: err });
  }
  return {
    url,
    port,
    pid: proc.pid,
    coldStartMs,
    logFile,
    rssMb: () => rssMb(proc.pid),
    /** Heap in use and external (Buffer/ArrayBuffer) memory in MB, from the server's own Prometheus metrics. */
    async memoryMetrics() {
      const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${secrets.metricsToken}` } });
      const text = await res.text();
      const read = (name) => {
        const m = new RegExp(`^${name}\\s+([0-9.e+]+)`, 'm').exec(text);
        return m ? Number(m[1]) / 1024 / 1024 : null;
      };
      return { heap: read('nodejs_heap_size_used_bytes'), external: read('nodejs_external_memory_bytes') };
    },
    async stop() {
      await stopProcess(proc);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in as the bootstrap admin through the public API; returns the access token. */
export async function adminLogin(url, secrets) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: secrets.adminPassword }),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}
