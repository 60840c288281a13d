import http from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';
import type { Container } from './container';

export interface RunningServer {
  server: http.Server;
  port: number;
  /** Stop accepting, let in-flight requests finish, then close sockets, jobs, DB and Redis. */
  shutdown(graceMs?: number): Promise<void>;
}

/** HTTP and Socket.IO on one server, with a graceful shutdown. */
export async function startServer(c: Container, app: Express, port: number, host: string): Promise<RunningServer> {
  const server = http.createServer(app);
  // Slow or stalled clients must not hold connections forever (slow-loris).
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
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
  for (const job of c.jobs) job.start();

  let closing: Promise<void> | undefined;
  const shutdown = (graceMs = 10_000) =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, graceMs - 1500)).unref());
      await Promise.race([closed, deadline]);
      for (const s of sockets) s.destroy();
      await Promise.all(c.jobs.map((j) => j.stop()));
      await c.realtime.close();
      await c.cache.close();
      await c.db.close();
      if (c.redis?.status === 'ready') await c.redis.quit().catch(() => undefined);
      else c.redis?.disconnect();
    })());
  return { server, port: actualPort, shutdown };
}
