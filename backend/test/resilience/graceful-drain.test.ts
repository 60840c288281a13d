import http from 'node:http';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server';
import { buildTestApp, nextEvent } from '../support/test-app';

/** What a load balancer and connected clients see while one instance shuts down. */
describe('draining on shutdown', () => {
  function get(agent: http.Agent, port: number, path: string): Promise<{ status: number; connection?: string; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      });
      req.on('error', reject);
    });
  }

  it('refuses new connections, answers a pooled connection with 503 health and Connection: close, and lets sockets reconnect elsewhere', async () => {
    const t = await buildTestApp({ listen: false });
    const running = await startServer(t.container, t.app, 0, '127.0.0.1');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const user = await t.createUser();
      const { token } = await t.tokenFor(user);
      const socket = io(`http://127.0.0.1:${running.port}`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
      await nextEvent(socket, 'connect');

      // A proxy's pooled keep-alive connection, idle when the shutdown starts.
      const before = await get(agent, running.port, '/api/health');
      expect(before.status).toBe(200);
      expect(before.connection).toBe('keep-alive');

      const disconnected = nextEvent<string>(socket, 'disconnect');
      const shutdown = running.shutdown(10_000);
      // Socket.IO clients are dropped at the transport, which makes socket.io-client reconnect
      // ("io server disconnect" would leave them disconnected for good).
      expect(await disconnected).toBe('transport close');

      const during = await get(agent, running.port, '/api/health');
      expect(during.status).toBe(503);
      expect(during.connection).toBe('close');
      expect(JSON.parse(during.body)).toMatchObject({ status: 'error', services: { database: 'healthy' } });
      // No new connections: a load balancer fails over at once.
      await expect(fetch(`http://127.0.0.1:${running.port}/api/health`)).rejects.toThrow();

      const started = Date.now();
      await shutdown;
      expect(Date.now() - started).toBeLessThan(3 * 10_000);
      socket.close();
    } finally {
      agent.destroy();
      await t.db.drop();
    }
  });
});
