/** A tiny fetch stand-in: routes by method and path, records every call. */
export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (call: RecordedCall) => Reply | Promise<Reply> | 'network-error';
export type Routes = Record<string, Handler | Reply>;

export function json(status: number, body?: unknown, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers ? { headers } : {}) };
}

export function apiError(status: number, code: string, message = code, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Reply {
  return json(status, { error: { code, message, requestId: 'req-test', ...extra } }, headers);
}

/** Answers each call with the next reply in turn, repeating the last. */
export function sequence(...replies: Reply[]): Handler {
  let index = 0;
  return () => replies[Math.min(index++, replies.length - 1)]!;
}

export function createFetchMock(initial: Routes = {}) {
  const routes: Routes = { ...initial };
  const calls: RecordedCall[] = [];
  const unmatched: string[] = [];

  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>));
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const call: RecordedCall = { method, path: url.pathname, query: url.searchParams, headers, body };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    if (!route) {
      unmatched.push(`${method} ${url.pathname}`);
      return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: `No test route for ${method} ${url.pathname}` } }), {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    const reply = typeof route === 'function' ? await route(call) : route;
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    const status = reply.status ?? 200;
    const hasBody = reply.body !== undefined && status !== 204;
    return new Response(hasBody ? JSON.stringify(reply.body) : null, {
      status,
      headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...reply.headers },
    });
  };

  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    unmatched,
    /** Adds or replaces routes, e.g. `mock.on({ 'GET /api/v1/services': ... })`. */
    on(more: Routes) {
      Object.assign(routes, more);
    },
    callsTo(method: string, path: string): RecordedCall[] {
      return calls.filter((call) => call.method === method && call.path === path);
    },
  };
}

export type FetchMock = ReturnType<typeof createFetchMock>;
