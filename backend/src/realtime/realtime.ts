import type http from 'node:http';
import { can } from '../policies/policy';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';
import type { SessionVerifier } from '../http/authenticate';
import type { Metrics } from '../common/metrics';
import type { Logger } from '../logging/logger';

export interface RealtimeOptions {
  sessions: SessionVerifier;
  logger: Logger;
  metrics: Metrics;
  /** With Redis, events reach clients of every instance. */
  redis?: Redis;
  redisChannelPrefix?: string;
  corsOrigins: string[];
  /** Concurrent connections one user may hold on this instance (SOCKET_MAX_CONNECTIONS_PER_USER). */
  maxConnectionsPerUser?: number;
}

/** The connect_error message when a user already holds the most connections allowed. */
export const TOO_MANY_CONNECTIONS = 'too_many_connections';

/**
 * The Redis adapter fires (p)subscribe/publish without handling their
 * promises; while Redis is away (or the client is being closed) those reject
 * with "Connection is closed" and would surface as unhandled rejections. The
 * adapter re-subscribes on reconnect by itself, so a failed command is only
 * worth ignoring here.
 */
function handleCommandFailures(client: Redis): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']) {
    const original = target[name]!.bind(client);
    target[name] = (...args: unknown[]) => {
      const result = original(...args);
      if (result instanceof Promise) result.catch(() => undefined);
      return result;
    };
  }
}

export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const ADMINS_ROOM = 'admins';

/**
 * Socket.IO on the HTTP server: handshake auth with the access token, one room
 * per user, per session and for admins. Services emit through this class and
 * never touch sockets themselves.
 */
export class Realtime {
  readonly io: Server;
  private pub?: Redis;
  private sub?: Redis;
  /** Open (or opening) connections per user on this instance. */
  private readonly perUser = new Map<string, number>();

  constructor(private readonly options: RealtimeOptions) {
    this.io = new Server({
      path: '/socket.io',
      serveClient: false,
      cors: { origin: options.corsOrigins, credentials: true },
      pingInterval: 25_000,
      pingTimeout: 20_000,
      maxHttpBufferSize: 64 * 1024,
    });
    if (options.redis) {
      // The adapter subscribes at once, before the connection is ready, so its
      // clients queue commands while (re)connecting instead of failing them.
      this.pub = options.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
      this.sub = options.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
      // Keep the adapter's clients quiet while Redis is away; they reconnect by themselves.
      for (const c of [this.pub, this.sub]) {
        c.on('error', () => undefined);
        handleCommandFailures(c);
      }
      this.io.adapter(createAdapter(this.pub, this.sub, { key: options.redisChannelPrefix ?? 'medianest#io' }));
    }
    this.io.use((socket, next) => {
      void this.authenticate(socket).then(
        (error) => next(error),
        () => next(new Error('unauthorized')),
      );
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
  }

  private attached = false;

  attach(server: http.Server): void {
    this.io.attach(server);
    this.attached = true;
  }

  private async authenticate(socket: Socket): Promise<Error | undefined> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const result = await this.options.sessions.check(typeof token === 'string' ? token : undefined);
    if (!result.ok) return new Error(result.reason === 'password_change_required' ? 'password_change_required' : 'unauthorized');
    socket.data.userId = result.auth.user.id;
    socket.data.sessionId = result.auth.sessionId;
    socket.data.role = result.auth.user.role;
    return this.takeConnectionSlot(socket, result.auth.user.id);
  }

  /**
   * Caps one user's concurrent connections: one account cannot hold thousands
   * of sockets (memory, fan-out). Checked and counted in one synchronous step;
   * the slot is given back when the socket or its transport closes, whichever
   * comes first, so a handshake that never completes does not keep it.
   */
  private takeConnectionSlot(socket: Socket, userId: string): Error | undefined {
    const max = this.options.maxConnectionsPerUser ?? Number.POSITIVE_INFINITY;
    const open = this.perUser.get(userId) ?? 0;
    if (open >= max) {
      this.options.logger.warn('socket refused: too many connections for one user', { userId, max });
      const error = new Error(TOO_MANY_CONNECTIONS) as Error & { data?: unknown };
      error.data = { message: `You already have ${max} live connections open (tabs or devices); close one to get live updates here.` };
      return error;
    }
    this.perUser.set(userId, open + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left <= 0) this.perUser.delete(userId);
      else this.perUser.set(userId, left);
    };
    socket.once('disconnect', release);
    socket.conn.once('close', release);
    return undefined;
  }

  private onConnection(socket: Socket): void {
    const { userId, sessionId, role } = socket.data as { userId: string; sessionId: string; role: string };
    void socket.join([userRoom(userId), sessionRoom(sessionId), ...(can({ id: userId, role }, 'events:admin') ? [ADMINS_ROOM] : [])]);
    this.options.metrics.socketClients.inc();
    socket.on('disconnect', () => this.options.metrics.socketClients.dec());
    socket.on('latency:ping', (clientTimestamp: unknown, ack: unknown) => {
      if (typeof ack === 'function') (ack as (v: unknown) => void)({ clientTimestamp, serverTimestamp: Date.now() });
    });
  }

  emitToAll(event: string, payload: unknown): void {
    this.io.emit(event, payload);
  }

  emitToUser(userId: string, event: string, payload: unknown): void {
    this.io.to(userRoom(userId)).emit(event, payload);
  }

  /** The owner and every admin, each socket once. */
  emitToUserAndAdmins(userId: string, event: string, payload: unknown): void {
    this.io.to([userRoom(userId), ADMINS_ROOM]).emit(event, payload);
  }

  emitToAdmins(event: string, payload: unknown): void {
    this.io.to(ADMINS_ROOM).emit(event, payload);
  }

  /** Logout, suspension, deletion, role change: cut the user's sockets on every instance. */
  disconnectUser(userId: string): void {
    this.io.in(userRoom(userId)).disconnectSockets(true);
  }

  disconnectSession(sessionId: string): void {
    this.io.in(sessionRoom(sessionId)).disconnectSockets(true);
  }

  /**
   * Drops every client connection at the transport level. Clients see a
   * "transport close" and reconnect (to another instance behind the load
   * balancer); disconnectSockets(true) would tell them the server sent them
   * away, and socket.io-client never reconnects after that.
   */
  closeConnections(): void {
    if (this.attached) this.io.engine.close();
  }

  async close(): Promise<void> {
    this.closeConnections();
    // An instance that never served (tests, CLI) has no engine to close.
    if (this.attached) {
      await new Promise<void>((resolve) => {
        void this.io.close(() => resolve());
      }).catch(() => undefined);
    }
    // disconnect, not quit: quit would wait in the offline queue forever while Redis is away.
    this.pub?.disconnect();
    this.sub?.disconnect();
  }
}
