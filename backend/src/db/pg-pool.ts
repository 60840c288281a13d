import pg from 'pg';

// Workaround for prisma/orm#27403 (https://github.com/prisma/prisma/issues/27403):
// @prisma/adapter-pg has no column-type mapping for PostgreSQL's `name` type
// (oid 19), which Prisma's JavaScript schema engine reads from the catalogs, so
// every migrate command fails with "Column type 'name' could not be
// deserialized". Reporting such columns as `text` (oid 25) is exact: `name` is
// a string. Drop this once the adapter maps oid 19 itself.
const NAME_OID = 19;
const TEXT_OID = 25;

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> } | Array<{ fields?: Array<{ dataTypeID: number }> }>;

function patchResult<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as Array<{ fields?: Array<{ dataTypeID: number }> }>;
  for (const r of results) {
    for (const field of r?.fields ?? []) {
      if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

type AnyQuery = (...args: unknown[]) => unknown;

function wrapQuery(original: AnyQuery, self: unknown): AnyQuery {
  return function patchedQuery(this: unknown, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as (err: Error | null, res?: QueryResultLike) => void;
      args[args.length - 1] = (err: Error | null, res?: QueryResultLike) => callback(err, res ? patchResult(res) : res);
      return original.apply(self, args);
    }
    const out = original.apply(self, args);
    if (out && typeof (out as Promise<unknown>).then === 'function') {
      return (out as Promise<QueryResultLike>).then(patchResult);
    }
    return out;
  };
}

export class NameTypeSafePool extends pg.Pool {
  override query = wrapQuery(super.query.bind(this) as AnyQuery, this) as unknown as pg.Pool['query'];

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    const patchClient = (client: pg.PoolClient | undefined) => {
      if (client && !(client as { __nameTypePatched?: boolean }).__nameTypePatched) {
        client.query = wrapQuery(client.query.bind(client) as AnyQuery, client) as unknown as pg.PoolClient['query'];
        (client as { __nameTypePatched?: boolean }).__nameTypePatched = true;
      }
      return client;
    };
    if (callback) {
      super.connect((err, client, done) => callback(err, patchClient(client), done));
      return;
    }
    return super.connect().then((client) => patchClient(client) as pg.PoolClient);
  }
}
