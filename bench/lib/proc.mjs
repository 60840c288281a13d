// Child processes: spawning, waiting for a first healthy answer, memory, stopping.
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on loopback (closed again before it is handed out). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux). */
export function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at index 2 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/**
 * Spawns `node <args>` and records the spawn time, so cold start is measured from the moment
 * the process is created. Output goes to `logFile` when given.
 */
export function spawnNode(args, { env = {}, logFile, ipc = false, cwd } = {}) {
  // stdin stays open as a lifeline: helpers exit when it closes, i.e. when this process dies.
  const stdio = logFile ? ['pipe', 'pipe', 'pipe'] : ['pipe', 'inherit', 'inherit'];
  if (ipc) stdio.push('ipc');
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio, cwd });
  if (logFile) {
    const out = fs.createWriteStream(logFile, { flags: 'a' });
    // Two sources into one file: neither may end it for the other.
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.once('close', () => out.end());
  }
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, startedAt, exited, pid: child.pid };
}

/** Spawns a helper that prints one JSON line when ready; resolves to that object. */
export async function spawnReporting(args, options = {}) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['pipe', 'pipe', 'inherit', ...(options.ipc ? ['ipc'] : [])],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const lines = readline.createInterface({ input: child.stdout });
  const first = await Promise.race([
    new Promise((resolve) => lines.once('line', resolve)),
    exited.then(({ code }) => {
      throw new Error(`${args.join(' ')} exited (${code}) before it was ready`);
    }),
  ]);
  return { child, pid: child.pid, exited, startedAt, info: JSON.parse(first) };
}

/** Polls `url` until it answers 200; resolves to ms since `startedAt` (performance.now()). */
export async function waitFor200(url, startedAt, { timeoutMs = 30_000, exited } = {}) {
  let dead = false;
  exited?.then(() => {
    dead = true;
  });
  while (performance.now() - startedAt < timeoutMs) {
    if (dead) throw new Error(`process serving ${url} exited before answering`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - startedAt;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopProcess(proc, graceMs = 15_000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}

export async function postJson(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body ?? {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${url} → ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}
