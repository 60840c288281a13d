import type { User } from '@prisma/client';
import { FakeOverseerr, type FakeOverseerrOptions, Permission } from '../fakes';
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

export const WEBHOOK_SECRET = 'whsec-medianest-test-3f9a';
export const WEBHOOK_PATH = '/api/v1/webhooks/overseerr';

export interface MediaTestApp {
  t: TestApp;
  fake: FakeOverseerr;
  close(): Promise<void>;
}

/** The whole app wired to a fake Overseerr (env-managed settings), with a short upstream timeout. */
export interface MediaAppOptions {
  env?: TestAppOptions['env'];
  fake?: FakeOverseerrOptions;
  timeoutMs?: number;
  /** Circuit breaker settings of the Overseerr client (tests of single failure modes raise the threshold). */
  circuit?: { failureThreshold?: number; cooldownMs?: number };
  /** false: in-process cache and counters instead of the real Redis. */
  redis?: boolean;
}

export async function startMediaApp(options: MediaAppOptions = {}): Promise<MediaTestApp> {
  const fake = new FakeOverseerr(options.fake);
  await fake.start();
  const t = await buildTestApp({
    redis: options.redis,
    env: { OVERSEERR_URL: fake.url, OVERSEERR_API_KEY: fake.apiKey, OVERSEERR_WEBHOOK_SECRET: WEBHOOK_SECRET, ...options.env },
    configure: (c) => {
      c.media.overseerr.timeoutMs = options.timeoutMs ?? 1500;
      if (options.circuit) c.media.overseerr.circuit = options.circuit;
    },
  });
  return {
    t,
    fake,
    async close() {
      await t.close();
      await fake.stop();
    },
  };
}

/**
 * A MediaNest user signed in with Plex and the Overseerr user with the same
 * Plex id: requests are made as that Overseerr user (never as the API key's).
 */
export async function createRequester(t: TestApp, fake: FakeOverseerr, plexId: number, permissions: number = Permission.REQUEST): Promise<User> {
  const id = Math.max(0, ...fake.users.keys()) + 1;
  fake.addUser({ id, email: `requester-${plexId}@example.com`, plexId, plexUsername: `requester-${plexId}`, permissions });
  return t.createUser({ username: `requester-${plexId}`, plexId: String(plexId) });
}
