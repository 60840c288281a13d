import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { User } from '@prisma/client';
import { Redis } from 'ioredis';
import { io as ioClient, type Socket } from 'socket.io-client';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config/env';
import { createContainer, type Container } from '../../src/container';
import { openDatabase } from '../../src/db/database';
import { createLogger } from '../../src/logging/logger';
import { hashPassword } from '../../src/security/password';
import { startServer, type RunningServer } from '../../src/server';
import { createTestDatabase, type TestDatabase } from './database';
import { TEST_REDIS_URL } from './env';
import { MemoryTransport } from './logs';

export interface TestAppOptions {
  /** Extra environment (e.g. PLEX_SERVER_URL of a fake). */
  env?: Record<string, string | undefined>;
  /** Use the real Redis on loopback (default true); false = in-process stores. */
  redis?: boolean;
  /** Point Redis elsewhere (e.g. a dead port to see the fallbacks). */
  redisUrl?: string;
  /** Listen on a port (needed for Socket.IO and real HTTP clients); default true. */
  listen?: boolean;
  /** Start the background jobs (service checks, reconciliation); default false: tests drive rounds. */
  startJobs?: boolean;
  clock?: () => number;
  /** Runs after the container is built and before the app is created (wire extra services, stub pieces). */
  configure?: (c: Container) => void | Promise<void>;
  /** Rewrites the test database's URL the app connects with (e.g. through a TCP proxy that a test can cut). */
  databaseUrlFor?: (url: string) => string;
  /** A second instance of another test app: same database and Redis prefix (its close() leaves the database to the first). */
  shareWith?: TestApp;
}

export interface TestApp {
  container: Container;
  config: Config;
  app: ReturnType<typeof createApp>;
  /** Base URL when listening, e.g. http://127.0.0.1:54321 */
  url: string;
  logs: MemoryTransport;
  db: TestDatabase;
  /** Secrets in force for this app (for scanning logs and bodies). */
  secrets: string[];
  /** Prefix of every Redis key and channel of this app. */
  redisPrefix: string;
  createUser(data?: Partial<Pick<User, 'username' | 'email' | 'role' | 'status' | 'plexId' | 'mustChangePassword'>> & { password?: string }): Promise<User>;
  /** A live session and access token for the user, as a sign-in would give. */
  tokenFor(user: Pick<User, 'id'>): Promise<{ token: string; sessionId: string }>;
  /** A Socket.IO client authenticated with the token (connects before resolving). */
  socket(token: string | undefined): Promise<Socket>;
  close(): Promise<void>;
}

export const TEST_SECRETS = {
  JWT_SECRET: `test-jwt-${crypto.randomBytes(24).toString('hex')}`,
  ENCRYPTION_KEY: crypto.randomBytes(32).toString('hex'),
  METRICS_TOKEN: `metrics-${crypto.randomBytes(12).toString('hex')}`,
};

/**
 * The whole app against real PostgreSQL (a database of its own) and real Redis
 * (a key prefix of its own), with a log capture. Fakes of the upstreams are
 * passed in through `env`.
 */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.shareWith?.db ?? (await createTestDatabase());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-test-'));
  const useRedis = options.redis ?? true;
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrlFor ? options.databaseUrlFor(db.url) : db.url,
    REDIS_URL: useRedis ? (options.redisUrl ?? TEST_REDIS_URL) : undefined,
    LOG_LEVEL: 'debug',
    ...TEST_SECRETS,
    ...options.env,
  };
  const config = loadConfig(env as NodeJS.ProcessEnv);
  const logs = new MemoryTransport();
  const logger = createLogger({ level: config.logLevel, json: true, silent: true, logDir: config.logDir, secrets: config.secrets, transports: [logs] });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir, logger, poolMax: 5 });
  const redis = useRedis
    ? new Redis(options.redisUrl ?? TEST_REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (n) => Math.min(n * 100, 1000) })
    : undefined;
  if (redis) {
    redis.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      if (redis.status === 'ready') return resolve();
      redis.once('ready', () => resolve());
      setTimeout(resolve, 1500).unref();
    });
  }
  const redisPrefix = options.shareWith?.redisPrefix ?? `mn-test:${crypto.randomBytes(6).toString('hex')}:`;
  const container = createContainer({ config, logger, db: database, redis, redisPrefix, clock: options.clock, validateResponses: true });
  await options.configure?.(container);
  const app = createApp(container);
  let running: RunningServer | undefined;
  if (options.listen ?? true) running = await startServer(container, app, 0, '127.0.0.1', { startJobs: options.startJobs ?? false });
  const url = running ? `http://127.0.0.1:${running.port}` : '';
  const sockets: Socket[] = [];

  return {
    container,
    config,
    app,
    url,
    logs,
    db,
    secrets: config.secrets,
    redisPrefix,
    async createUser(data = {}) {
      const { password, ...rest } = data;
      return database.prisma.user.create({
        data: {
          username: rest.username ?? `user-${crypto.randomBytes(4).toString('hex')}`,
          email: rest.email ?? null,
          role: rest.role ?? 'user',
          status: rest.status ?? 'active',
          plexId: rest.plexId ?? null,
          mustChangePassword: rest.mustChangePassword ?? false,
          passwordHash: password ? await hashPassword(password) : null,
        },
      });
    },
    async tokenFor(user) {
      const session = await database.prisma.session.create({ data: { userId: user.id } });
      const { token } = container.signer.sign({ sub: user.id, sid: session.id });
      return { token, sessionId: session.id };
    },
    async socket(token) {
      if (!url) throw new Error('socket() needs listen: true');
      const socket = ioClient(url, { path: '/socket.io', auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', (err) => reject(err));
      });
      return socket;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      if (running) await running.shutdown(2000);
      else {
        await container.realtime.close();
        await database.close();
        await redis?.quit().catch(() => undefined);
      }
      if (options.shareWith) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        return;
      }
      if (redis && redis.status === 'ready') {
        const keys = await redis.keys(`${redisPrefix}*`).catch(() => [] as string[]);
        if (keys.length > 0) await redis.del(...keys);
      }
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits for the next `event` on a socket, or fails after `ms`. */
export function nextEvent<T = unknown>(socket: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
