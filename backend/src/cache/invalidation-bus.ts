import crypto from 'node:crypto';
import type { Redis } from 'ioredis';

/** The payload meaning "drop everything of this topic". */
export const ALL = '*';

export type InvalidationListener = (payload: string) => void;

/**
 * "Something changed, drop your copy" between the in-process caches of every
 * instance. `publish` runs this instance's listeners synchronously, before it
 * returns (so the change is in force here at once), then sends the message on
 * a Redis channel for the other instances, which run theirs when it arrives.
 * Without Redis only this instance is told (there is no other).
 */
export class InvalidationBus {
  private readonly listeners = new Map<string, Set<InvalidationListener>>();
  private readonly origin = crypto.randomUUID();
  private readonly channel: string;
  private sub?: Redis;

  constructor(
    private readonly redis?: Redis,
    channelPrefix = 'mn:',
  ) {
    this.channel = `${channelPrefix}invalidate`;
    if (redis) {
      // A connection in subscriber mode can do nothing else, so the bus has its own.
      const sub = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
      sub.on('error', () => undefined);
      // Messages sent while this connection was away are lost: after a reconnect every
      // listener drops everything (payload `*`), as if told about each change.
      let connected = false;
      sub.on('ready', () => {
        if (connected) for (const topic of this.listeners.keys()) this.deliver(topic, ALL);
        connected = true;
      });
      sub.on('message', (channel: string, raw: string) => {
        if (channel === this.channel) this.receive(raw);
      });
      // Re-subscribes by itself after a reconnect (ioredis' autoResubscribe).
      sub.subscribe(this.channel).catch(() => undefined);
      this.sub = sub;
    }
  }

  /**
   * Whether messages flow both ways now (always without Redis). While they do not,
   * in-process copies must not be trusted: another instance's change would not arrive.
   */
  connected(): boolean {
    if (!this.redis) return true;
    return this.redis.status === 'ready' && this.sub?.status === 'ready';
  }

  on(topic: string, listener: InvalidationListener): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  publish(topic: string, payload = ''): void {
    this.deliver(topic, payload);
    if (this.redis?.status === 'ready') {
      this.redis.publish(this.channel, JSON.stringify({ o: this.origin, t: topic, p: payload })).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const sub = this.sub;
    this.sub = undefined;
    // disconnect, not quit: quit would wait in the offline queue while Redis is away.
    sub?.disconnect();
    await Promise.resolve();
  }

  private receive(raw: string): void {
    let message: { o?: unknown; t?: unknown; p?: unknown };
    try {
      message = JSON.parse(raw) as typeof message;
    } catch {
      return;
    }
    if (message.o === this.origin || typeof message.t !== 'string') return;
    this.deliver(message.t, typeof message.p === 'string' ? message.p : '');
  }

  private deliver(topic: string, payload: string): void {
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        listener(payload);
      } catch {
        // A listener's failure must not keep the others from dropping their copies.
      }
    }
  }
}
