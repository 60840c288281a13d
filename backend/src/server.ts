import http from 'node:http';
import net, { type Socket } from 'node:net';
import type { Express } from 'express';
import type { Container } from './container';

export interface RunningServer {
  server: http.Server;
  port: number;
  /** Stop accepting, let in-flight requests finish, then close sockets, jobs, DB and Redis. */
  shutdown(graceMs?: number): Promise<void>;
}

/** How long idle keep-alive connections may still carry one last request during a shutdown. */
const KEEP_ALIVE_DRAIN_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** HTTP and Socket.IO on one server, with a graceful shutdown. */
export interface StartOptions {
  /** Start the container's background jobs (default true; tests drive rounds themselves). */
  startJobs?: boolean;
  /** Slow-loris limits: all headers within 15 s, the whole request within 30 s (tests shorten them). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export async function startServer(c: Container, app: Express, port: number, host: string, startOptions: StartOptions = {}): Promise<RunningServer> {
  let draining = false;
  const headersTimeout = startOptions.headersTimeoutMs ?? 15_000;
  const requestTimeout = startOptions.requestTimeoutMs ?? 30_000;
  // Node checks those limits only every connectionsCheckingInterval (30 s by default), which
  // would let a stalled client hold a connection up to twice as long as configured.
  const server = http.createServer({ connectionsCheckingInterval: Math.max(50, Math.floor(headersTimeout / 4)) }, (req, res) => {
    // While draining, no connection is kept for another request: a proxy's pooled
    // connection is closed by it after this response, never under its next request.
    if (draining) res.setHeader('Connection', 'close');
    app(req, res);
  });
  // Slow or stalled clients must not hold connections forever (slow-loris).
  server.requestTimeout = requestTimeout;
  server.headersTimeout = headersTimeout;
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  c.realtime.attach(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  if (startOptions.startJobs ?? true) for (const job of c.jobs) job.start();

  let closing: Promise<void> | undefined;
  const shutdown = (graceMs = 10_000) =>
    (closing ??= (async () => {
      draining = true;
      // Health answers 503 from now on, so a load balancer with health checks drains this instance.
      c.health.draining = true;
      // Stop accepting connections (a proxy fails over to another instance at once), but
      // leave idle keep-alive connections open for a moment: closing one while a proxy is
      // sending a request on it fails that request, while serving it with
      // `Connection: close` ends the connection cleanly. (http.Server.close would close
      // idle connections at once, so the listener is closed at the net level.)
      const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
      // Socket.IO clients reconnect at once, to another instance.
      c.realtime.closeConnections();
      if (sockets.size > 0) await sleep(Math.min(KEEP_ALIVE_DRAIN_MS, graceMs / 4));
      // http.Server.close: closes the connections still idle (and its timeout checks).
      server.close(() => undefined);
      await Promise.race([closed, sleep(Math.max(0, graceMs - 1500))]);
      for (const s of sockets) s.destroy();
      await Promise.all(c.jobs.map((j) => j.stop()));
      await c.realtime.close();
      await c.cache.close();
      await c.bus.close();
      await c.db.close();
      if (c.redis?.status === 'ready') await c.redis.quit().catch(() => undefined);
      else c.redis?.disconnect();
    })());
  return { server, port: actualPort, shutdown };
}
