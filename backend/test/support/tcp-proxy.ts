import net from 'node:net';

/**
 * A TCP proxy on a random loopback port in front of a real server (PostgreSQL,
 * Redis), so a test can cut the link without stopping the shared server that
 * other test files are using.
 *
 * - `cut('refuse')`: severs every connection and refuses new ones (the server is gone).
 * - `cut('blackhole')`: severs every connection and accepts new ones without ever
 *   answering (a network partition: only timeouts end the wait).
 * - `resume()`: forwards again, on the same port.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly links = new Set<net.Socket>();
  private mode: 'up' | 'refuse' | 'blackhole' = 'up';
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get url(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    await this.listen(this.port);
  }

  cut(how: 'refuse' | 'blackhole' = 'refuse'): Promise<void> {
    this.mode = how;
    for (const s of this.links) s.destroy();
    this.links.clear();
    return how === 'refuse' ? this.closeListener() : Promise.resolve();
  }

  async resume(): Promise<void> {
    for (const s of this.links) s.destroy();
    this.links.clear();
    const wasRefusing = this.mode === 'refuse';
    this.mode = 'up';
    if (wasRefusing) await this.listen(this.port);
  }

  async stop(): Promise<void> {
    this.mode = 'refuse';
    for (const s of this.links) s.destroy();
    this.links.clear();
    await this.closeListener();
  }

  private track(s: net.Socket): void {
    this.links.add(s);
    s.on('close', () => this.links.delete(s));
    s.on('error', () => s.destroy());
  }

  private onConnection(client: net.Socket): void {
    this.track(client);
    // A partition: the bytes go nowhere and nothing comes back.
    if (this.mode === 'blackhole') return;
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private listen(port: number): Promise<void> {
    const server = net.createServer((c) => this.onConnection(c));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
