import type { ServiceStatus } from '@prisma/client';
import type { Socket } from 'socket.io-client';
import { FakeOverseerr, FakePlexServer, FakeUptimeKuma, KumaStatus } from '../fakes';
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

// Generous: a first fetch on a busy CI machine must not read as slow.
export const DEGRADED_MS = 2500;
export const SLOW_MS = 2700;
export const PROBE_TIMEOUT_MS = 4000;

export interface Upstreams {
  plex: FakePlexServer;
  overseerr: FakeOverseerr;
  kuma: FakeUptimeKuma;
  stop(): Promise<void>;
}

/**
 * Fake Plex, Overseerr and an Uptime Kuma status page "home" with three
 * monitors: 3 "Plex" (UP, 42 ms), 4 "Sonarr" (DOWN), 5 "Radarr" (no beat yet).
 */
export async function startUpstreams(kumaVersion: 1 | 2 = 2): Promise<Upstreams> {
  const plex = new FakePlexServer({ latencyMs: 0 });
  const overseerr = new FakeOverseerr();
  const kuma = new FakeUptimeKuma({ version: kumaVersion, slug: 'home' });
  await Promise.all([plex.start(), overseerr.start(), kuma.start()]);
  kuma.addMonitor({ id: 3, name: 'Plex' });
  kuma.addMonitor({ id: 4, name: 'Sonarr' });
  kuma.addMonitor({ id: 5, name: 'Radarr', group: 'Downloads' });
  kuma.pushBeat(3, KumaStatus.UP, 42);
  kuma.pushBeat(4, KumaStatus.DOWN, null);
  return {
    plex,
    overseerr,
    kuma,
    stop: async () => {
      await Promise.all([plex.stop(), overseerr.stop(), kuma.stop()]);
    },
  };
}

export function upstreamEnv(u: Partial<Upstreams>): Record<string, string> {
  return {
    SERVICE_CHECK_INTERVAL_SECONDS: '3600',
    SERVICE_DEGRADED_MS: String(DEGRADED_MS),
    ...(u.plex ? { PLEX_SERVER_URL: u.plex.url, PLEX_TOKEN: u.plex.token } : {}),
    ...(u.overseerr ? { OVERSEERR_URL: u.overseerr.url, OVERSEERR_API_KEY: u.overseerr.apiKey } : {}),
    ...(u.kuma ? { UPTIME_KUMA_URL: u.kuma.url, UPTIME_KUMA_STATUS_PAGE: u.kuma.slug } : {}),
  };
}

/**
 * The app with the service-checks job not started: each test runs its rounds
 * itself (monitor.runRound() or job.tick()), never waiting for timers.
 */
export function buildServicesApp(u: Partial<Upstreams>, options: TestAppOptions = {}): Promise<TestApp> {
  return buildTestApp({
    ...options,
    env: { ...upstreamEnv(u), ...options.env },
    configure: async (c) => {
      c.jobs.splice(c.jobs.indexOf(c.services.job), 1);
      c.services.monitor.probeTimeoutMs = PROBE_TIMEOUT_MS;
      await options.configure?.(c);
    },
  });
}

/** Stores checks with explicit times (history the monitor would have written). */
export async function seedChecks(
  t: TestApp,
  serviceId: string,
  checks: Array<{ agoMs: number; status: ServiceStatus; responseTimeMs?: number | null; name?: string }>,
  now = Date.now(),
): Promise<void> {
  await t.container.db.prisma.serviceCheck.createMany({
    data: checks.map((c) => ({
      serviceId,
      name: c.name ?? serviceId,
      status: c.status,
      responseTimeMs: c.responseTimeMs ?? null,
      checkedAt: new Date(now - c.agoMs),
    })),
  });
  t.container.services.status.invalidate();
}

/** Resolves once every event the server sent before it has reached the socket (one connection keeps order). */
export async function drain(socket: Socket): Promise<void> {
  await socket.timeout(5000).emitWithAck('latency:ping', Date.now());
}

/** Every `event` a socket receives from now on. */
export function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
