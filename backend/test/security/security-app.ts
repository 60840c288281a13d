import type { User } from '@prisma/client';
import { FakeOverseerr, FakePlexServer, FakePlexTv, FakePlexTvSharing, Permission } from '../fakes';
import { buildTestApp, type TestApp, type TestAppOptions } from '../support/test-app';

export const WEBHOOK_SECRET = 'whsec-security-suite-7c1e9d';
export const WEBHOOK_PATH = '/api/v1/webhooks/overseerr';

/** One OpenAPI operation, as the security tests enumerate them. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. `/api/v1/media/requests/{id}`. */
  path: string;
  access: 'public' | 'user' | 'admin';
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
}

/**
 * The whole app with every upstream faked and up (so routes reach their own
 * logic), rate limits out of the way, and three users: an admin, a plain user
 * and a victim whose resources the others must never touch.
 */
export interface SecurityApp {
  t: TestApp;
  plex: FakePlexServer;
  plextv: FakePlexTv;
  overseerr: FakeOverseerr;
  admin: User;
  user: User;
  victim: User;
  bearer(user: Pick<User, 'id'>): Promise<string>;
  close(): Promise<void>;
}

export async function startSecurityApp(options: TestAppOptions = {}): Promise<SecurityApp> {
  const plex = FakePlexServer.withSampleLibrary();
  const plextv = new FakePlexTv();
  const overseerr = new FakeOverseerr();
  await Promise.all([plex.start(), plextv.start(), overseerr.start()]);
  // The owner's plex.tv account behind PLEX_TOKEN, so the sharing routes (invitations, friends import) reach a working plex.tv.
  const owner = plextv.addAccount({ id: 1001, uuid: 'owner-uuid', username: 'owner', email: 'owner@example.com', token: plex.token });
  plextv.shareServer(owner.token, plex.machineIdentifier, { owned: true, uri: plex.url });
  new FakePlexTvSharing(plextv).addServer({ machineIdentifier: plex.machineIdentifier, ownerToken: owner.token, sections: [{ key: '1', type: 'movie', title: 'Movies' }] });
  const t = await buildTestApp({
    listen: false,
    ...options,
    env: {
      PLEX_SERVER_URL: plex.url,
      PLEX_TOKEN: plex.token,
      PLEX_TV_URL: plextv.url,
      OVERSEERR_URL: overseerr.url,
      OVERSEERR_API_KEY: overseerr.apiKey,
      OVERSEERR_WEBHOOK_SECRET: WEBHOOK_SECRET,
      RATE_LIMIT_API_PER_MINUTE: '1000000',
      RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
      RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR: '1000000',
      ...options.env,
    },
  });
  const admin = await t.createUser({ username: 'sec-admin', role: 'admin', password: 'admin-password-0123' });
  const user = await t.createUser({ username: 'sec-user', plexId: '5005', password: 'user-password-0123' });
  const victim = await t.createUser({ username: 'sec-victim', plexId: '6006', password: 'victim-password-0123' });
  overseerr.addUser({ id: 2, email: 'user@example.com', plexId: 5005, permissions: Permission.REQUEST });
  overseerr.addUser({ id: 3, email: 'victim@example.com', plexId: 6006, permissions: Permission.REQUEST });
  return {
    t,
    plex,
    plextv,
    overseerr,
    admin,
    user,
    victim,
    async bearer(u) {
      return `Bearer ${(await t.tokenFor(u)).token}`;
    },
    async close() {
      await t.close();
      await Promise.all([plex.stop(), plextv.stop(), overseerr.stop()]);
    },
  };
}

/** Resources owned by `owner`: a pending media request and an unread notification. */
export async function seedResources(t: TestApp, owner: User): Promise<{ requestId: string; notificationId: string }> {
  const prisma = t.container.db.prisma;
  const request = await prisma.mediaRequest.create({
    data: { userId: owner.id, tmdbId: 27205, mediaType: 'movie', title: `Inception for ${owner.username}`, status: 'pending' },
  });
  await prisma.mediaRequestHistory.create({ data: { requestId: request.id, status: 'pending', source: 'create' } });
  const notification = await prisma.notification.create({
    data: { userId: owner.id, type: 'request.approved', title: 'Request approved', message: `for ${owner.username}` },
  });
  return { requestId: request.id, notificationId: notification.id };
}

/** Every operation of the generated OpenAPI document: new routes are covered without touching the tests. */
export function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const security = (op.security as unknown[] | undefined) ?? [];
      const parameters = (op.parameters as Array<{ name: string; in: string }> | undefined) ?? [];
      ops.push({
        method: method as Operation['method'],
        path,
        access: security.length === 0 ? 'public' : String(op.description ?? '').includes('Admins') ? 'admin' : 'user',
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: op.requestBody !== undefined,
      });
    }
  }
  return ops;
}

/** An Express path for an OpenAPI path with its parameters filled in (already URL-encoded). */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');
}

/**
 * A digest of every row of every table: a rejected request must leave it
 * unchanged. Tables are tiny in these tests, so hashing whole rows is cheap
 * and also catches changes that leave counts and updated_at alone (a revoked
 * session, a notification marked read).
 */
export async function databaseDigest(t: TestApp): Promise<Record<string, string>> {
  const prisma = t.container.db.prisma;
  let sql = digestQueries.get(t);
  if (!sql) {
    const tables = await prisma.$queryRawUnsafe<Array<{ name: string }>>(
      `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%' ORDER BY table_name`,
    );
    sql = tables
      .map(({ name }) => `SELECT '${name}'::text AS name, count(*)::text || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') AS digest FROM "${name}" r`)
      .join(' UNION ALL ');
    digestQueries.set(t, sql);
  }
  const rows = await prisma.$queryRawUnsafe<Array<{ name: string; digest: string }>>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

const digestQueries = new WeakMap<TestApp, string>();
