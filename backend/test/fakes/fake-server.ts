/**
 * Shared base for the in-process fakes of MediaNest's upstreams (plex.tv, Plex Media Server,
 * Overseerr, Uptime Kuma). It owns the real HTTP listener on 127.0.0.1, request recording and
 * the failure modes, so each fake only has to describe what its upstream answers.
 */
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * - `up`: normal answers.
 * - `slow`: answers after `latencyMs` (or {@link DEFAULT_SLOW_MS} when no latency is set).
 * - `down`: the upstream's own failure answer (HTTP 5xx), see each fake's `downResponse`.
 * - `hang`: accepts the request and never answers (until `stop()` or the client gives up).
 * - `reset`: destroys the socket on each request (the client sees ECONNRESET / "socket hang up").
 * - `refuse`: closes the listener, so connections are refused; switching back re-listens on the
 *   same port so the base URL stays valid.
 */
export type FakeMode = 'up' | 'slow' | 'down' | 'hang' | 'reset' | 'refuse';

/** Longer than MediaNest's default SERVICE_DEGRADED_MS (2000), so `slow` reads as degraded. */
export const DEFAULT_SLOW_MS = 2500;

export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/library/sections/1/all`. */
  path: string;
  /** Query parameters (the last value wins when a name repeats). */
  query: Record<string, string>;
  /** Lower-cased header names, as Node reports them. */
  headers: IncomingHttpHeaders;
  /** Parsed JSON or form body when the content type says so, the raw text otherwise, or undefined. */
  body: unknown;
  /** Raw request target, e.g. `/api/v2/pins?strong=true`. */
  url: string;
  /** The status the fake answered with, once it has answered. */
  answeredStatus?: number;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** A body written chunk by chunk with backpressure instead of `body` (huge, endless or dripping answers). */
  stream?: StreamSpec;
}

export interface StreamSpec {
  /** Written again and again. */
  chunk: Buffer;
  /** Bytes in all; undefined = endless (until the client goes away). */
  totalBytes?: number;
  /** Pause between chunks (a dripping body). */
  gapMs?: number;
  /** Drop the connection after `totalBytes` instead of ending the answer (a truncated body). */
  cutOff?: boolean;
}

/** What happened to one streamed answer: how much the client read before it stopped. */
export interface StreamRecord {
  path: string;
  bytesSent: number;
  /** The whole body was written. */
  completed: boolean;
  /** The client closed the connection before the end. */
  abandoned: boolean;
}

/**
 * A misbehaving upstream's answer: `totalBytes` of a JSON-looking body (or an endless one),
 * streamed so the fake itself stays small. Nothing here is the real service's behaviour.
 */
export function hugeJson(totalBytes?: number, options: { gapMs?: number; chunkBytes?: number; declareLength?: boolean } = {}): FakeResponse {
  const chunk = Buffer.alloc(options.chunkBytes ?? 64 * 1024, 0x20);
  chunk.write('{"MediaContainer":{"padding":"');
  const declare = totalBytes !== undefined && (options.declareLength ?? true);
  return {
    status: 200,
    headers: { 'content-type': 'application/json', ...(declare ? { 'content-length': String(totalBytes) } : {}) },
    stream: { chunk, totalBytes, gapMs: options.gapMs },
  };
}

export interface FakeServerOptions {
  latencyMs?: number;
}

/** A test-installed answer for matching requests, tried before the fake's own routes. */
type Override = { match: string | RegExp; respond: (req: RecordedRequest) => FakeResponse; once: boolean };

/** Returned by a route that must never answer (e.g. Uptime Kuma 1.23 on an unknown slug). */
export const NO_RESPONSE: FakeResponse = Object.freeze({ status: 0 });

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function html(status: number, body: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'text/html', ...headers }, body };
}

export function xml(status: number, body: string, headers: Record<string, string> = {}): FakeResponse {
  return { status, headers: { 'content-type': 'text/xml;charset=utf-8', ...headers }, body };
}

export function noContent(status = 204): FakeResponse {
  return { status };
}

export function matches(path: string, match: string | RegExp): boolean {
  return typeof match === 'string' ? path.startsWith(match) : match.test(path);
}

/** Deterministic PRNG (mulberry32) so generated data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export abstract class FakeServer {
  /** Every request received, in arrival order (all modes except `refuse`, which never sees any). */
  readonly requests: RecordedRequest[] = [];
  /** Every streamed answer and how far the client read it. */
  readonly streams: StreamRecord[] = [];
  /** Added before every answer in every mode; `slow` uses it (or DEFAULT_SLOW_MS when 0). */
  latencyMs: number;

  private currentMode: FakeMode = 'up';
  private server: http.Server | undefined;
  private port: number | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private overrides: Override[] = [];

  constructor(options: FakeServerOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  get mode(): FakeMode {
    return this.currentMode;
  }

  get url(): string {
    if (this.port === undefined) throw new Error(`${this.constructor.name} is not started`);
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening on 127.0.0.1 (a free port the first time) and resolves to the base URL. */
  async start(): Promise<string> {
    if (this.server) return this.url;
    const server = http.createServer((req, res) => void this.onRequest(req, res));
    // Keep-alive sockets must not keep a stopped fake alive; they are tracked and destroyed.
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.url;
  }

  /** Closes the listener and destroys open sockets, including hung ones. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.closeListener();
    this.port = undefined;
    this.currentMode = 'up';
  }

  /** Switches mode; await it for `refuse` (and when leaving it) so the listener state is settled. */
  async setMode(mode: FakeMode): Promise<void> {
    const previous = this.currentMode;
    this.currentMode = mode;
    if (mode === 'refuse' && previous !== 'refuse') await this.closeListener();
    if (mode !== 'refuse' && previous === 'refuse' && this.port !== undefined) await this.start();
  }

  countRequests(match: string | RegExp): number {
    return this.requests.filter((r) => matches(r.path, match)).length;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Answers matching requests with `respond` instead of the fake's routes (e.g. a forced 500). */
  override(match: string | RegExp, respond: (req: RecordedRequest) => FakeResponse, options: { once?: boolean } = {}): void {
    this.overrides.push({ match, respond, once: options.once ?? false });
  }

  clearOverrides(): void {
    this.overrides = [];
  }

  /** The fake's normal answer. */
  protected abstract handle(req: RecordedRequest): FakeResponse | Promise<FakeResponse>;

  /** What this upstream answers when it is up but failing (`down` mode). */
  protected abstract downResponse(req: RecordedRequest): FakeResponse;

  private async closeListener(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const recorded = toRecorded(req, raw);
    this.requests.push(recorded);

    const mode = this.currentMode;
    if (mode === 'reset') {
      req.socket.destroy();
      return;
    }
    if (mode === 'hang') return;

    const wait = mode === 'slow' ? this.latencyMs || DEFAULT_SLOW_MS : this.latencyMs;
    if (wait > 0) await this.delay(wait);
    if (res.destroyed || !this.server) return;

    let answer: FakeResponse;
    try {
      answer = mode === 'down' ? this.downResponse(recorded) : await this.dispatch(recorded);
    } catch (error) {
      answer = { status: 500, headers: { 'content-type': 'text/plain' }, body: `fake error: ${String(error)}` };
    }
    if (answer === NO_RESPONSE) return;
    recorded.answeredStatus = answer.status;
    res.writeHead(answer.status, answer.headers ?? {});
    if (answer.stream) await this.writeStream(recorded.path, res, answer.stream);
    else res.end(answer.body);
  }

  private async writeStream(path: string, res: http.ServerResponse, spec: StreamSpec): Promise<void> {
    const record: StreamRecord = { path, bytesSent: 0, completed: false, abandoned: false };
    this.streams.push(record);
    let closed = false;
    res.on('close', () => {
      closed = true;
      if (!record.completed) record.abandoned = true;
    });
    while (!closed && (spec.totalBytes === undefined || record.bytesSent < spec.totalBytes)) {
      const left = spec.totalBytes === undefined ? spec.chunk.length : Math.min(spec.chunk.length, spec.totalBytes - record.bytesSent);
      const writable = res.write(left === spec.chunk.length ? spec.chunk : spec.chunk.subarray(0, left));
      record.bytesSent += left;
      // Backpressure: wait until the client reads (or leaves), so the fake never buffers the body.
      if (!writable && !closed) await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
      if (spec.gapMs && !closed) await this.delay(spec.gapMs);
    }
    if (closed) return;
    if (spec.cutOff) {
      res.socket?.destroy();
      return;
    }
    record.completed = true;
    res.end();
  }

  private dispatch(req: RecordedRequest): FakeResponse | Promise<FakeResponse> {
    const found = this.overrides.find((o) => matches(req.path, o.match));
    if (!found) return this.handle(req);
    if (found.once) this.overrides = this.overrides.filter((o) => o !== found);
    return found.respond(req);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function toRecorded(req: http.IncomingMessage, raw: string): RecordedRequest {
  const url = req.url ?? '/';
  const parsed = new URL(url, 'http://fake.invalid');
  const query: Record<string, string> = {};
  for (const [name, value] of parsed.searchParams) query[name] = value;
  return {
    method: req.method ?? 'GET',
    path: decodePath(parsed.pathname),
    query,
    headers: req.headers,
    body: parseBody(raw, req.headers['content-type']),
    url,
  };
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  return raw;
}

/** Header lookup that also accepts the same name as a query parameter (Plex accepts both). */
export function headerOrQuery(req: RecordedRequest, name: string): string | undefined {
  const header = req.headers[name.toLowerCase()];
  const value = Array.isArray(header) ? header[0] : header;
  return value ?? req.query[name];
}

export function wantsJson(req: RecordedRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
