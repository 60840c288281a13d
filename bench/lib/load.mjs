// Drives autocannon in a separate process (lib/load-worker.mjs) and returns its result.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { cpuMs } from './proc.mjs';

const WORKER = path.join(path.dirname(new URL(import.meta.url).pathname), 'load-worker.mjs');

export function runLoad(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch (err) {
        reject(err);
      }
    });
  });
}

/**
 * A warm-up (discarded), then the measured run. `rate` (requests/s over all connections)
 * turns a saturation run into a fixed-rate one; with the server's `pid`, the server's CPU time
 * per request is measured too.
 */
export async function measure({ url, headers = {}, connections = 50, seconds = 10, warmupSeconds = 2, rate, pid }) {
  const base = { url, headers, connections, ...(rate ? { overallRate: rate } : {}) };
  if (warmupSeconds > 0) await runLoad({ ...base, duration: warmupSeconds });
  const cpuBefore = pid ? cpuMs(pid) : 0;
  const result = await runLoad({ ...base, duration: seconds });
  // CPU per request moves far less with other work on the machine than throughput does.
  if (pid) result.cpuMsPerRequest = (cpuMs(pid) - cpuBefore) / result.total;
  if (result.errors > 0 || result.non2xx > 0) {
    result.warning = `${result.errors} errors, ${result.non2xx} non-2xx answers`;
  }
  return result;
}
