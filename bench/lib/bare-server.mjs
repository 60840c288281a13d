// Baselines measured in the same run: the least a Node server can do for the same job.
//   node bare-server.mjs http <port>      node:http answering a constant JSON body (+ a tiny page)
//   node bare-server.mjs express <port>   a bare Express 5 app answering the same body
//   node bare-server.mjs socketio <port>  node:http + Socket.IO: broadcast and per-user emit on POST
import http from 'node:http';
import express from 'express';
import { Server } from 'socket.io';

const [mode, portArg] = process.argv.slice(2);
const port = Number(portArg);
const BODY = JSON.stringify({ status: 'ok', timestamp: '2026-01-01T00:00:00.000Z', version: '0.0.0' });

// The smallest single-page app: a document, one script, one rendered heading.
const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>baseline</title><script type="module" src="/page.js"></script></head><body><main id="root"></main></body></html>';
const PAGE_JS = "document.getElementById('root').innerHTML = '<h1>Baseline</h1>';";

function readJson(req) {
  return new Promise((resolve) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => resolve(raw ? JSON.parse(raw) : {}));
  });
}

let server;
if (mode === 'http') {
  server = http.createServer((req, res) => {
    if (req.url === '/page') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    if (req.url === '/page.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGE_JS);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) }).end(BODY);
  });
} else if (mode === 'express') {
  const app = express();
  app.get('/', (_req, res) => {
    res.type('application/json').send(BODY);
  });
  server = http.createServer(app);
} else if (mode === 'socketio') {
  let io;
  server = http.createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/broadcast') {
      const body = await readJson(req);
      io.emit('service:status', { id: 'plex', status: body.status ?? 'up', responseTimeMs: 1, lastCheckedAt: new Date().toISOString() });
      return res.writeHead(204).end();
    }
    const emit = /^\/emit\/([^/]+)$/.exec(req.url ?? '');
    if (req.method === 'POST' && emit) {
      const body = await readJson(req);
      io.to(`user:${emit[1]}`).emit('request:updated', body);
      return res.writeHead(204).end();
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(BODY);
  });
  io = new Server(server, { path: '/socket.io', serveClient: false });
  io.on('connection', (socket) => {
    socket.join(`user:${socket.handshake.auth?.userId}`);
  });
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
// The orchestrator holds our stdin open; when it dies, so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
