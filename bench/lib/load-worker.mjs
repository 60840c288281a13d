// Load generator process: runs autocannon with the options given as JSON in argv[2] and prints
// a compact JSON result. It runs in its own process so the load never shares the server's.
// Latency percentiles are computed from every response (autocannon's own table has no p95).
import autocannon from 'autocannon';
import { summarize } from './stats.mjs';

const options = JSON.parse(process.argv[2]);
const latencies = [];
const result = await new Promise((resolve, reject) => {
  const instance = autocannon({ ...options, renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false }, (err, res) =>
    err ? reject(err) : resolve(res),
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
});
const s = summarize(latencies);
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.total / result.duration,
    total: result.requests.total,
    durationSeconds: result.duration,
    latency: { p50: s.p50, p95: s.p95, p99: s.p99, max: s.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  })}\n`,
);
