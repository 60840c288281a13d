import request from 'supertest';
import { FakePlexServer } from '../fakes';
import { PlexService } from '../../src/modules/plex/plex.service';
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

export interface PlexTestApp {
  t: TestApp;
  plex: FakePlexServer;
  /** A signed-in user's bearer header. */
  auth: { Authorization: string };
  get(path: string): request.Test;
  /** A fresh access token (tests that move the clock past its 15 minutes). */
  renewToken(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The app wired to a fake Plex Media Server holding the sample library
 * (300 movies, 40 shows, music, 5 collections). `timeoutMs` shortens the
 * Plex deadline so timeout paths run quickly; `circuit` sets the breaker.
 */
export async function startPlexApp(
  options: TestAppOptions & { timeoutMs?: number; plex?: FakePlexServer; circuit?: { failureThreshold?: number; cooldownMs?: number } } = {},
): Promise<PlexTestApp> {
  const plex = options.plex ?? FakePlexServer.withSampleLibrary();
  await plex.start();
  const t = await buildTestApp({
    ...options,
    env: { PLEX_SERVER_URL: plex.url, PLEX_TOKEN: plex.token, ...options.env },
    configure: async (c) => {
      if (options.timeoutMs !== undefined || options.circuit !== undefined) {
        c.plex = new PlexService({
          settings: c.settings,
          cached: c.cached,
          metrics: c.metrics,
          logger: c.logger,
          images: c.plex.images,
          clientId: () => c.accounts.clientId.get(),
          identity: c.accounts.plexIdentity,
          clock: c.clock,
          timeoutMs: options.timeoutMs,
          ...options.circuit,
        });
      }
      await options.configure?.(c);
    },
  });
  const user = await t.createUser();
  const { token } = await t.tokenFor(user);
  const auth = { Authorization: `Bearer ${token}` };
  return {
    t,
    plex,
    auth,
    get: (path) => request(t.app).get(path).set(auth),
    async renewToken() {
      auth.Authorization = `Bearer ${(await t.tokenFor(user)).token}`;
    },
    async close() {
      await t.close();
      await plex.stop();
    },
  };
}

/** The fake's sort for `titleSort`, to compare pages against. */
export function byTitleSort(a: { titleSort: string; ratingKey: string }, b: { titleSort: string; ratingKey: string }): number {
  const x = a.titleSort.toLowerCase();
  const y = b.titleSort.toLowerCase();
  return x === y ? Number(a.ratingKey) - Number(b.ratingKey) : x < y ? -1 : 1;
}
