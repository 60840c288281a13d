// Socket.IO handshake over ws(s), without socket.io-client so it runs anywhere Node does
// (the host, or the backend container). Speaks Engine.IO v4 / Socket.IO v5 directly:
// engine "open" packet, namespace CONNECT with optional auth token, then latency:ping acks.
//   node socketio-check.js URL [TOKEN] [SAMPLES] [TIMEOUT_SECONDS]
// Exit 0 when the transport handshake completed (and, with a token, the namespace
// accepted it and answered every ping).
'use strict';

const [urlArg, token = '', samplesArg = '5', timeoutArg = '10'] = process.argv.slice(2);
const samples = Number(samplesArg);
const started = performance.now();
const ms = (t) => `${(t - started).toFixed(1)} ms`;

function openSocket(url) {
  if (typeof WebSocket === 'function') return new WebSocket(url);
  const WS = require('ws'); // Node 20 without --experimental-websocket
  return new WS(url);
}

function socketUrl(raw) {
  const url = new URL(raw);
  if (!/^wss?:$/.test(url.protocol)) throw new Error('URL must start with ws:// or wss://');
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/socket.io/';
  url.searchParams.set('EIO', '4');
  url.searchParams.set('transport', 'websocket');
  return url.toString();
}

function fail(message) {
  console.log(`FAILED: ${message}`);
  process.exit(1);
}

const timer = setTimeout(() => fail(`no complete handshake within ${timeoutArg} s`), Number(timeoutArg) * 1000);
const ws = openSocket(socketUrl(urlArg));
const rtts = [];
let nextAck = 1;
let pingSentAt = 0;

function sendPing() {
  pingSentAt = performance.now();
  ws.send(`42${nextAck}${JSON.stringify(['latency:ping', Date.now()])}`);
}

function finish(ok, message) {
  clearTimeout(timer);
  console.log(message);
  ws.close();
  process.exit(ok ? 0 : 1);
}

ws.onopen = () => console.log(`WebSocket open (TCP + TLS + upgrade): ${ms(performance.now())}`);
ws.onerror = (event) => fail(`WebSocket error: ${event.message || event.error?.message || 'connection refused or TLS failure'}`);
ws.onclose = (event) => fail(`closed before the handshake finished (code ${event.code})`);
ws.onmessage = (event) => {
  const data = String(event.data);
  if (data === '2') return ws.send('3'); // Engine.IO heartbeat
  if (data.startsWith('0{')) {
    const open = JSON.parse(data.slice(1));
    console.log(`Engine.IO open, sid ${open.sid}, pingInterval ${open.pingInterval} ms: ${ms(performance.now())}`);
    return ws.send(token ? `40${JSON.stringify({ token })}` : '40');
  }
  if (data.startsWith('44')) {
    const reason = JSON.parse(data.slice(2) || '{}').message || 'refused';
    if (!token && reason === 'unauthorized') {
      ws.onclose = null;
      return finish(true, `Socket.IO handshake complete; namespace refused an anonymous client as expected (${reason}). Pass --token for a latency test.`);
    }
    ws.onclose = null;
    return finish(false, `FAILED: Socket.IO connect_error: ${reason}`);
  }
  if (data.startsWith('40')) {
    console.log(`Socket.IO connected: ${ms(performance.now())}`);
    return samples > 0 ? sendPing() : finish(true, 'Connection successful, Socket.IO handshake complete');
  }
  if (data.startsWith(`43${nextAck}`)) {
    rtts.push(performance.now() - pingSentAt);
    nextAck += 1;
    if (rtts.length < samples) return sendPing();
    const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
    ws.onclose = null;
    return finish(true, `Connection successful, Socket.IO handshake complete; latency over ${rtts.length} pings: min ${Math.min(...rtts).toFixed(1)} ms, avg ${avg.toFixed(1)} ms, max ${Math.max(...rtts).toFixed(1)} ms`);
  }
  return undefined;
};
