// Continuous requests through the edge while the compose test updates the backend: one
// GET every 125 ms (8/s, under nginx's 10 r/s per address, so no 429 from the edge), each
// allowed 30 s. Runs until SIGTERM or SIGINT, waits for the requests in flight, then writes
// {"total", "ok", "failed": [{"at", "status" | "error"}]} to OUT_FILE.
//   node load.mjs URL CA_FILE OUT_FILE
import fs from 'node:fs';
import https from 'node:https';

const [url, caFile, outFile] = process.argv.slice(2);
if (!url || !caFile || !outFile) {
  console.error('usage: node load.mjs URL CA_FILE OUT_FILE');
  process.exit(2);
}
const agent = new https.Agent({ ca: fs.readFileSync(caFile), keepAlive: true, maxSockets: 16 });
const result = { total: 0, ok: 0, failed: [] };
const inFlight = new Set();
const started = Date.now();

function once() {
  const at = ((Date.now() - started) / 1000).toFixed(1);
  result.total += 1;
  const done = new Promise((resolve) => {
    const req = https.get(url, { agent, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) result.ok += 1;
        else result.failed.push({ at, status: res.statusCode });
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', (err) => {
      result.failed.push({ at, error: err.message });
      resolve();
    });
  });
  inFlight.add(done);
  void done.then(() => inFlight.delete(done));
}

const timer = setInterval(once, 125);
async function stop() {
  clearInterval(timer);
  await Promise.all(inFlight);
  fs.writeFileSync(outFile, JSON.stringify(result));
  agent.destroy();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
