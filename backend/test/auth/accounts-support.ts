import type { Socket } from 'socket.io-client';
import type { Response } from 'supertest';
import request from 'supertest';
import { ensureBootstrapAdmin } from '../../src/bootstrap';
import { UserRepository } from '../../src/modules/auth/user.repository';
import { FakePlexServer, FakePlexTv, type PlexTvAccount } from '../fakes';
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

/** The app with a fake plex.tv and a fake Plex Media Server (configured through the environment). */
export interface PlexSignInApp {
  t: TestApp;
  plextv: FakePlexTv;
  pms: FakePlexServer;
  owner: PlexTvAccount;
  friend: PlexTvAccount;
  stranger: PlexTvAccount;
  close(): Promise<void>;
}

export async function startPlexSignInApp(options: TestAppOptions & { serverInEnv?: boolean } = {}): Promise<PlexSignInApp> {
  const plextv = new FakePlexTv();
  const pms = new FakePlexServer();
  await Promise.all([plextv.start(), pms.start()]);
  const owner = plextv.addAccount({ id: 1001, uuid: 'owner-uuid', username: 'owner', email: 'owner@example.com', token: 'owner-plex-token-0001' });
  const friend = plextv.addAccount({ id: 2002, uuid: 'friend-uuid', username: 'friend', email: 'friend@example.com', token: 'friend-plex-token-0002' });
  const stranger = plextv.addAccount({ id: 3003, uuid: 'stranger-uuid', username: 'stranger', email: 'stranger@example.com', token: 'stranger-plex-token-03' });
  plextv.shareServer(owner.token, pms.machineIdentifier, { owned: true, uri: pms.url });
  plextv.shareServer(friend.token, pms.machineIdentifier, { owned: false, ownerToken: owner.token, uri: pms.url });
  // The stranger reaches some other server, never ours.
  plextv.shareServer(stranger.token, 'f76e7b49cd981f44e37f3128b6e9fca2db32bca1', { owned: true });
  const t = await buildTestApp({
    ...options,
    env: {
      PLEX_TV_URL: plextv.url,
      PLEX_AUTH_APP_URL: 'https://app.plex.tv/auth',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      ...(options.serverInEnv === false ? {} : { PLEX_SERVER_URL: pms.url, PLEX_TOKEN: pms.token }),
      ...options.env,
    },
  });
  return {
    t,
    plextv,
    pms,
    owner,
    friend,
    stranger,
    async close() {
      await t.close();
      await Promise.all([plextv.stop(), pms.stop()]);
    },
  };
}

export interface StartedPin {
  pinId: number;
  pinToken: string;
  code: string;
  authUrl: string;
  expiresAt: string;
}

export async function startPin(t: TestApp): Promise<StartedPin> {
  const res = await request(t.app).get('/api/v1/auth/plex/login').expect(200);
  return res.body as StartedPin;
}

export function pollPin(t: TestApp, pin: Pick<StartedPin, 'pinId' | 'pinToken'>): request.Test {
  return request(t.app).post('/api/v1/auth/plex/callback').send({ pinId: pin.pinId, pinToken: pin.pinToken });
}

/** Runs the whole PIN flow for a plex.tv account and returns the callback's answer. */
export async function signInWithPlex(app: PlexSignInApp, account: PlexTvAccount): Promise<Response> {
  const pin = await startPin(app.t);
  app.plextv.approvePin(pin.pinId, account.token);
  return pollPin(app.t, pin);
}

/** The value of the refresh cookie a response set, or undefined. */
export function refreshCookieOf(res: Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = cookies.find((c) => c.startsWith('mn_refresh='));
  const value = cookie?.split(';')[0]?.slice('mn_refresh='.length);
  return value ? decodeURIComponent(value) : undefined;
}

export function setCookieHeader(res: Response): string {
  return ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('mn_refresh=')) ?? '';
}

export function refresh(t: TestApp, cookie: string | undefined): request.Test {
  const req = request(t.app).post('/api/v1/auth/refresh');
  return cookie === undefined ? req : req.set('Cookie', `mn_refresh=${encodeURIComponent(cookie)}`);
}

export function login(t: TestApp, username: string, password: string): request.Test {
  return request(t.app).post('/api/v1/auth/login').send({ username, password });
}

/** The bootstrap admin as main.ts creates it at start-up. */
export async function bootstrapAdmin(t: TestApp): Promise<void> {
  await ensureBootstrapAdmin(new UserRepository(t.container.db.prisma), t.config, t.container.logger);
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Resolves with the reason once the server drops the socket, or fails after `ms`. */
export function serverDisconnect(socket: Socket, ms = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not disconnected within ${ms} ms`)), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
