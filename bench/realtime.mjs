// 3. Real time, with 1,000 Socket.IO clients connected (held by separate client processes):
//  - webhook → request:updated at its owner (owners' sockets live in this process);
//  - a service status change → service:status at every one of the 1,000 clients;
// each compared with a bare Socket.IO server doing the same emits in the same run.
import { performance } from 'node:perf_hooks';
import { fork } from 'node:child_process';
import { io } from 'socket.io-client';
import { figure } from './lib/figures.mjs';
import { postJson, sleep } from './lib/proc.mjs';
import { round, summarize } from './lib/stats.mjs';

const BENCH = 'Real time';
const CLIENTS_SCRIPT = new URL('./lib/socket-clients.mjs', import.meta.url).pathname;

function ask(child, msg, replyType) {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m.type === replyType) {
        child.off('message', onMessage);
        resolve(m);
      }
    };
    child.on('message', onMessage);
    child.send(msg);
  });
}

/** Spreads `clients` over `processes` client processes and connects them to `url`. */
async function connectClients(url, clients, processes) {
  const children = Array.from({ length: processes }, () => fork(CLIENTS_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const share = Math.ceil(clients.length / processes);
  const started = performance.now();
  const replies = await Promise.all(children.map((c, i) => ask(c, { type: 'connect', url, clients: clients.slice(i * share, (i + 1) * share), concurrency: 25 }, 'connected')));
  const connectMs = performance.now() - started;
  return {
    connected: replies.reduce((n, r) => n + r.connected, 0),
    failed: replies.reduce((n, r) => n + r.failed, 0),
    connectMs,
    async collect() {
      const all = await Promise.all(children.map((c) => ask(c, { type: 'collect' }, 'events')));
      return { events: all.flatMap((r) => r.events), stillConnected: all.reduce((n, r) => n + r.stillConnected, 0) };
    },
    close() {
      for (const c of children) c.send({ type: 'close' });
    },
  };
}

/** Owners' sockets in this process: resolves with the arrival time of the next matching event. */
function ownerSockets(url, owners) {
  const waiting = new Map();
  const sockets = owners.map((o) => {
    const s = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, auth: { token: o.token, userId: o.userId } });
    s.on('request:updated', (payload) => {
      const at = performance.now();
      const w = waiting.get(payload.id);
      if (w) {
        waiting.delete(payload.id);
        w(at);
      }
    });
    return s;
  });
  return {
    ready: Promise.all(sockets.map((s) => new Promise((resolve, reject) => (s.once('connect', resolve), s.once('connect_error', reject))))),
    next(requestId, timeoutMs = 5000) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(requestId);
          resolve(undefined);
        }, timeoutMs);
        waiting.set(requestId, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    close: () => sockets.forEach((s) => s.close()),
  };
}

/** Per event: each client's delay after the emit stamp, and the spread from first to last client. */
function deliveries(events, expectedClients) {
  const byRound = new Map();
  for (const [receivedAt, id, , stamp] of events) {
    if (id !== 'plex') continue;
    const list = byRound.get(stamp) ?? [];
    list.push(receivedAt - Date.parse(stamp));
    byRound.set(stamp, list);
  }
  const rounds = [...byRound.values()];
  return {
    rounds: rounds.length,
    complete: rounds.filter((r) => r.length >= expectedClients).length,
    latency: summarize(rounds.flat()),
    // Stamp → first client: the server's own work before and while emitting.
    first: summarize(rounds.map((r) => Math.min(...r))),
    // First → last client: fanning the event out to every socket.
    spread: summarize(rounds.map((r) => Math.max(...r) - Math.min(...r))),
  };
}

/**
 * @param {object} ctx
 * @param {{url: string, rssMb: () => number}} ctx.server  MediaNest, started with SERVICE_CHECK_INTERVAL_SECONDS=1
 * @param {Array<{userId: string, token: string}>} ctx.clients  1,000 signed-in users
 * @param {Array<{userId: string, token: string, requests: Array<{id: string, overseerrRequestId: number}>}>} ctx.owners
 * @param {() => Promise<{url: string, stop: () => Promise<void>}>} ctx.startBareSocketIo
 */
export async function realtimeBench({ server, clients, owners, fakes, secrets, startBareSocketIo, toggles = 12, processes = 2, log }) {
  const requests = owners.flatMap((o) => o.requests.map((r) => ({ ...r, ownerId: o.userId })));

  // ---- MediaNest ----
  log(`  connecting ${clients.length} clients to MediaNest`);
  const rssBefore = server.rssMb();
  const mn = await connectClients(server.url, clients, processes);
  const mnOwners = ownerSockets(server.url, owners);
  await mnOwners.ready;
  await sleep(1000);
  const rssConnected = server.rssMb();

  log(`  ${requests.length} webhooks → request:updated`);
  const mnWebhook = [];
  const mnWebhookHttp = [];
  let missed = 0;
  for (const r of requests) {
    const body = await postJson(`${fakes.control}/overseerr/webhook-body`, { type: 'MEDIA_APPROVED', requestId: r.overseerrRequestId });
    const arrival = mnOwners.next(r.id);
    const t0 = performance.now();
    const res = await fetch(`${server.url}/api/v1/webhooks/overseerr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: secrets.webhookSecret },
      body: JSON.stringify(body),
    });
    await res.arrayBuffer();
    mnWebhookHttp.push(performance.now() - t0);
    if (res.status !== 204) throw new Error(`webhook answered ${res.status}`);
    const at = await arrival;
    if (at === undefined) missed += 1;
    else mnWebhook.push(at - t0);
    await sleep(10);
  }

  log(`  ${toggles} status changes → service:status at every client`);
  await mn.collect();
  for (let i = 0; i < toggles; i++) {
    await postJson(`${fakes.control}/plex/mode`, { mode: i % 2 === 0 ? 'down' : 'up' });
    await sleep(1600);
  }
  await postJson(`${fakes.control}/plex/mode`, { mode: 'up' });
  await sleep(1500);
  const mnCollected = await mn.collect();
  const mnStatus = deliveries(mnCollected.events, clients.length);
  const rssAfter = server.rssMb();
  mnOwners.close();
  mn.close();

  // ---- bare Socket.IO, same clients, same emits ----
  log('  the same against a bare Socket.IO server');
  const bare = await startBareSocketIo();
  const b = await connectClients(bare.url, clients, processes);
  const bareOwners = ownerSockets(bare.url, owners);
  await bareOwners.ready;
  await sleep(1000);
  const bareEmit = [];
  for (const r of requests) {
    const arrival = bareOwners.next(r.id);
    const t0 = performance.now();
    const res = await fetch(`${bare.url}/emit/${r.ownerId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: r.id }) });
    await res.arrayBuffer();
    const at = await arrival;
    if (at !== undefined) bareEmit.push(at - t0);
    await sleep(10);
  }
  await b.collect();
  for (let i = 0; i < toggles; i++) {
    await postJson(`${bare.url}/broadcast`, { status: i % 2 === 0 ? 'down' : 'up' });
    await sleep(400);
  }
  await sleep(500);
  const bareStatus = deliveries((await b.collect()).events, clients.length);
  bareOwners.close();
  b.close();
  await bare.stop();

  const wh = summarize(mnWebhook);
  const bw = summarize(bareEmit);
  return {
    figures: [
      figure({
        benchmark: BENCH,
        name: `Connect ${clients.length} clients (${mn.connected} connected, ${mn.failed} refused)`,
        value: mn.connectMs,
        unit: 'ms',
        digits: 0,
        baseline: { name: 'bare Socket.IO', value: b.connectMs },
      }),
      figure({
        benchmark: BENCH,
        name: `Webhook → request:updated at its owner, p99 of ${wh.n}${missed ? ` (${missed} never arrived)` : ''}`,
        value: wh.p99,
        unit: 'ms',
        baseline: { name: 'bare HTTP POST → Socket.IO emit', value: bw.p99 },
        target: { op: '<', limit: 100 },
        note: `p50 ${wh.p50} ms (bare ${bw.p50} ms); webhook answered 204 in p50 ${summarize(mnWebhookHttp).p50} ms`,
      }),
      figure({
        benchmark: BENCH,
        name: `Status change → service:status at all ${clients.length} clients, p99 over ${mnStatus.latency.n} deliveries`,
        value: mnStatus.latency.p99,
        unit: 'ms',
        baseline: { name: 'bare Socket.IO broadcast', value: bareStatus.latency.p99 },
        target: { op: '<', limit: 100 },
        note:
          `measured from the check's lastCheckedAt, stamped when the round starts (so it includes the probe and storing the round); ` +
          `${mnStatus.complete}/${mnStatus.rounds} rounds reached every client; stamp → first client p50 ${mnStatus.first.p50} ms (bare ${bareStatus.first.p50} ms); ` +
          `first → last client p50 ${mnStatus.spread.p50} ms (bare ${bareStatus.spread.p50} ms)`,
      }),
      figure({
        benchmark: BENCH,
        name: `Server memory with ${mn.connected} clients connected`,
        value: rssConnected,
        unit: 'MB',
        baseline: { name: 'same process before they connected', value: rssBefore },
        target: { op: '<=', limit: 200 },
      }),
    ],
    details: {
      medianest: { connectMs: mn.connectMs, connected: mn.connected, failed: mn.failed, webhook: wh, webhookHttp: summarize(mnWebhookHttp), missed, status: mnStatus, rss: { before: rssBefore, connected: rssConnected, after: round(rssAfter) } },
      bare: { connectMs: b.connectMs, connected: b.connected, emit: bw, status: bareStatus },
    },
  };
}
