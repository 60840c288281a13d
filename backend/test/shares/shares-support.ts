import request from 'supertest';
import { FakePlexServer, FakePlexTv, type PlexTvAccount } from '../fakes';
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/test-app';
import { pollPin, refreshCookieOf, startPin } from '../auth/accounts-support';

/**
 * A Plex server shared differently with several friends, on fakes of plex.tv and PMS:
 * - owner: owns the server (its plex.tv token is the server token MediaNest is configured with);
 * - alice and erin: "Movies" only (the same share);
 * - bob: "TV Shows" and "Home Videos";
 * - carol: all libraries, movies restricted to the label "kids";
 * - dave: all libraries, no restriction.
 */
export interface SharesApp {
  t: TestApp;
  plextv: FakePlexTv;
  pms: FakePlexServer;
  accounts: Record<'owner' | 'alice' | 'erin' | 'bob' | 'carol' | 'dave' | 'stranger', PlexTvAccount>;
  /** Ratings keys of notable items. */
  ids: { matrix: string; kidsMovie: string; got: string; homeVideo: string; collectionInMovies: string };
  signIn(name: keyof SharesApp['accounts']): Promise<SignedIn>;
  close(): Promise<void>;
}

export interface SignedIn {
  userId: string;
  token: string;
  refreshCookie: string;
  get(path: string): request.Test;
}

export const KIDS_MOVIES = 4;

export async function startSharesApp(options: TestAppOptions = {}): Promise<SharesApp> {
  const plextv = new FakePlexTv();
  const names = ['owner', 'alice', 'erin', 'bob', 'carol', 'dave', 'stranger'] as const;
  const accounts = Object.fromEntries(
    names.map((name, i) => [name, plextv.addAccount({ id: 1001 + i * 1001, uuid: `${name}-uuid`, username: name, email: `${name}@example.com`, token: `${name}-plex-token-${i}0000` })]),
  ) as SharesApp['accounts'];
  // The owner's account token is also the server's token, as on a real claimed server.
  const pms = FakePlexServer.withSampleLibrary({ token: accounts.owner.token, movies: 40, shows: 6, collections: 3 });
  pms.library.addSection({ key: '4', type: 'movie', title: 'Home Videos' });
  const homeVideo = pms.library.addItem({ sectionKey: '4', type: 'movie', title: 'Birthday Party 2019', year: 2019, addedAt: 1_900_000_000 });
  const movies = pms.library.sectionItems('1', 'movie');
  const kids = movies.filter((m) => m.title !== 'The Matrix').slice(0, KIDS_MOVIES);
  for (const m of kids) m.labels = ['kids'];
  await Promise.all([plextv.start(), pms.start()]);
  const mid = pms.machineIdentifier;
  plextv.shareServer(accounts.owner.token, mid, { owned: true, uri: pms.url });
  plextv.setServerSections(mid, pms.library.sections.map((s) => ({ key: s.key, title: s.title, type: s.type })));
  plextv.setShare(accounts.owner.token, accounts.alice.token, mid, { sections: ['1'], uri: pms.url });
  plextv.setShare(accounts.owner.token, accounts.erin.token, mid, { sections: ['1'], uri: pms.url });
  plextv.setShare(accounts.owner.token, accounts.bob.token, mid, { sections: ['2', '4'], uri: pms.url });
  plextv.setShare(accounts.owner.token, accounts.carol.token, mid, { sections: 'all', filters: { filterMovies: 'label=kids' }, uri: pms.url });
  plextv.setShare(accounts.owner.token, accounts.dave.token, mid, { sections: 'all', uri: pms.url });
  plextv.shareServer(accounts.stranger.token, 'f76e7b49cd981f44e37f3128b6e9fca2db32bca1', { owned: true });

  const t = await buildTestApp({
    ...options,
    env: {
      PLEX_TV_URL: plextv.url,
      PLEX_SERVER_URL: pms.url,
      PLEX_TOKEN: accounts.owner.token,
      RATE_LIMIT_AUTH_PER_MINUTE: '10000',
      RATE_LIMIT_API_PER_MINUTE: '100000',
      ...options.env,
    },
  });
  const collection = [...pms.library.collections.values()].find((c) => c.sectionKey === '1');
  return {
    t,
    plextv,
    pms,
    accounts,
    ids: {
      matrix: pms.findByTitle('The Matrix')!.ratingKey,
      kidsMovie: kids[0]!.ratingKey,
      got: pms.findByTitle('Game of Thrones')!.ratingKey,
      homeVideo: homeVideo.ratingKey,
      collectionInMovies: collection!.ratingKey,
    },
    async signIn(name) {
      const pin = await startPin(t);
      plextv.approvePin(pin.pinId, accounts[name].token);
      const res = await pollPin(t, pin);
      if (res.status !== 200) throw new Error(`sign-in of ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
      const token = res.body.accessToken as string;
      return {
        userId: res.body.user.id as string,
        token,
        refreshCookie: refreshCookieOf(res)!,
        get: (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`),
      };
    },
    async close() {
      await t.close();
      await Promise.all([plextv.stop(), pms.stop()]);
    },
  };
}

/** Section keys of a list of media items. */
export function librariesOf(items: Array<{ libraryId: string | null }>): string[] {
  return [...new Set(items.map((i) => i.libraryId ?? 'null'))].sort();
}
