import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json(): unknown;
}

/**
 * A local HTTP peer standing in for Discord, ntfy, Gotify or a push service:
 * records every request and answers with what `respond` returns (default 204).
 */
export class Receiver {
  readonly received: Received[] = [];
  respond: (r: Received) => { status: number; body?: string } = () => ({ status: 204 });
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const r: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json: () => JSON.parse(body.toString('utf8')) as unknown };
        this.received.push(r);
        const out = this.respond(r);
        res.writeHead(out.status, { 'content-type': 'application/json' }).end(out.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  on(pathPrefix: string): Received[] {
    return this.received.filter((r) => r.path.startsWith(pathPrefix));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
