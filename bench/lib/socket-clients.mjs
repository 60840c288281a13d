// A process holding many Socket.IO clients (the real-time benchmark spreads 1,000 over a few of
// these, so the clients' own work does not decide the figures). Driven over IPC:
//   parent → { type: 'connect', url, clients: [{ userId, token }], concurrency }
//   child  → { type: 'connected', connected, failed, ms }
//   parent → { type: 'collect' }  child → { type: 'events', events: [[receivedAt, id, status, lastCheckedAt]] }
//   parent → { type: 'close' }
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

let sockets = [];
let events = [];

async function connectAll(url, clients, concurrency) {
  const started = performance.now();
  let failed = 0;
  let next = 0;
  const one = (c) =>
    new Promise((resolve) => {
      const socket = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        reconnection: false,
        timeout: 20_000,
        auth: { token: c.token, userId: c.userId },
      });
      socket.on('service:status', (payload) => {
        events.push([Date.now(), payload.id, payload.status, payload.lastCheckedAt]);
      });
      socket.once('connect', () => {
        sockets.push(socket);
        resolve();
      });
      socket.once('connect_error', () => {
        failed += 1;
        socket.close();
        resolve();
      });
    });
  const lanes = Array.from({ length: concurrency }, async () => {
    while (next < clients.length) await one(clients[next++]);
  });
  await Promise.all(lanes);
  return { connected: sockets.length, failed, ms: performance.now() - started };
}

process.on('message', async (msg) => {
  if (msg.type === 'connect') {
    const result = await connectAll(msg.url, msg.clients, msg.concurrency ?? 20);
    process.send({ type: 'connected', ...result });
  } else if (msg.type === 'collect') {
    process.send({ type: 'events', events, stillConnected: sockets.filter((s) => s.connected).length });
    events = [];
  } else if (msg.type === 'close') {
    for (const s of sockets) s.close();
    sockets = [];
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
