/**
 * Recognises "the database cannot be reached right now" among the errors that
 * Prisma, its pg driver adapter and node-postgres throw, so a request during an
 * outage answers 503 SERVICE_UNAVAILABLE (service "database") instead of 500.
 * The shapes below were observed with a proxy cut in front of PostgreSQL and
 * with pg_terminate_backend (what a restart does to open connections):
 *
 * - PrismaClientKnownRequestError with a connection code (P1001 "Can't reach
 *   database server", P1017 "Server has closed the connection", ...);
 * - the same class with P2010 and `meta.driverAdapterError.cause`, or a bare
 *   DriverAdapterError with `cause` = { kind, originalCode }: kind
 *   DatabaseNotReachable / ConnectionClosed / SocketTimeout, or kind `postgres`
 *   with a SQLSTATE of class 08 (connection exception), 57P0x (shutdown,
 *   cannot connect now) or 53300 (too many connections);
 * - plain node-postgres errors that the adapter passes through untouched
 *   ("Connection terminated unexpectedly", "timeout exceeded when trying to
 *   connect", "Client has encountered a connection error and is not queryable").
 */

const PRISMA_CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_CONNECTION_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-5]|53300)$/;
const DRIVER_MESSAGES = [
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Can't reach database server/,
];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  errorCode?: unknown;
  message?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

function isConnectionFailure(e: ErrorLike): boolean {
  const code = typeof e.code === 'string' ? e.code : typeof e.errorCode === 'string' ? e.errorCode : undefined;
  if (code && PRISMA_CONNECTION_CODES.has(code) && /^Prisma/.test(String(e.name))) return true;
  if (typeof e.kind === 'string') {
    if (ADAPTER_CONNECTION_KINDS.has(e.kind)) return true;
    const sqlState = typeof e.originalCode === 'string' ? e.originalCode : code;
    if (e.kind === 'postgres' && sqlState && UNAVAILABLE_SQLSTATE.test(sqlState)) return true;
  }
  if (code && (SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
  if (e.name === 'PrismaClientInitializationError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return DRIVER_MESSAGES.some((m) => m.test(message));
}

/** True when `err` (or what it wraps) says the database is unreachable or went away mid-query. */
export function isDatabaseUnavailable(err: unknown): boolean {
  let current: unknown = err;
  // Adapter errors nest: Prisma error → meta.driverAdapterError → cause.
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const e = current as ErrorLike;
    if (isConnectionFailure(e)) return true;
    current = e.meta?.driverAdapterError ?? e.cause;
  }
  return false;
}
