import type { Listener, RealtimeSocket } from '../api/socket';

/** Stands in for the Socket.IO client: tests push server events with `serverEmit`. */
export class FakeSocket implements RealtimeSocket {
  private handlers = new Map<string, Set<Listener>>();
  connected = false;
  connectCalls = 0;
  /** The token the handshake would carry, read at each connect() as Socket.IO's auth callback does. */
  tokensAtConnect: (string | null)[] = [];
  getToken: () => string | null = () => null;

  on(event: string, handler: Listener) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
    return this;
  }
  off(event: string, handler: Listener) {
    this.handlers.get(event)?.delete(handler);
    return this;
  }
  connect() {
    this.connectCalls += 1;
    this.tokensAtConnect.push(this.getToken());
    this.connected = true;
    queueMicrotask(() => this.serverEmit('connect'));
    return this;
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  listenerCount(event: string): number {
    return this.handlers.get(event)?.size ?? 0;
  }
  serverEmit(event: string, ...args: unknown[]) {
    for (const handler of [...(this.handlers.get(event) ?? [])]) handler(...args);
  }
}
