import type { Metrics } from '../../common/metrics';
import { UpstreamClient } from '../../integrations/http/upstream-client';
import { UpstreamHttpError, UpstreamUnreachableError } from '../../integrations/http/upstream-errors';
import { plexIdentitySchema } from '../../integrations/plex/plex.schemas';
import type { EffectiveSettings } from '../settings/settings.service';

export type ConnectionService = 'plex' | 'overseerr' | 'uptimeKuma';
export const FAILURE_CAUSES = ['connection_refused', 'dns', 'tls', 'timeout', 'wrong_token', 'wrong_product', 'wrong_server', 'not_found', 'http_error', 'too_large', 'incomplete'] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

export interface ConnectionTestInput {
  service: ConnectionService;
  url?: string | null;
  /** Plex token or Overseerr API key; the saved one when omitted. */
  secret?: string | null;
  statusPage?: string | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  cause?: FailureCause;
  message: string;
  /** What answered, e.g. "Overseerr 1.33.2" or the Plex server's name. */
  detail?: string;
}

const TIMEOUT_MS = 5000;
/** Every answer a test reads is a few KB; a larger one is not the product asked for (the read stops there). */
const MAX_BYTES = 1024 * 1024;
const NAMES: Record<ConnectionService, string> = { plex: 'Plex', overseerr: 'Overseerr', uptimeKuma: 'Uptime Kuma' };

class Failure extends Error {
  constructor(
    readonly reason: FailureCause,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The failure cause of the outbound layer's reason for no answer
 * (UpstreamUnreachableError.reason): what an admin can act on.
 */
export function unreachableCause(reason: string): FailureCause {
  if (reason.startsWith('no complete answer')) return 'timeout';
  if (reason.startsWith('answer larger than')) return 'too_large';
  if (reason === 'ENOTFOUND' || reason === 'EAI_AGAIN') return 'dns';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|LEAF_SIGNATURE|EPROTO|certificate/i.test(reason)) return 'tls';
  return 'connection_refused';
}

/** The outbound layer's reason for no answer, turned into what an admin can act on. */
function networkFailure(err: unknown, url: string): Failure | undefined {
  if (!(err instanceof UpstreamUnreachableError)) return undefined;
  const { host, hostname } = new URL(url);
  const reason = err.reason;
  switch (unreachableCause(reason)) {
    case 'timeout':
      return new Failure('timeout', `${host} did not answer completely within ${TIMEOUT_MS / 1000} s.`);
    case 'too_large':
      return new Failure('too_large', `${host} answered with more than ${MAX_BYTES / (1024 * 1024)} MB, which no Plex, Overseerr or Uptime Kuma answer to this test is; reading stopped.`);
    case 'dns':
      return new Failure('dns', `The name ${hostname} does not resolve.`);
    case 'tls':
      return new Failure('tls', `TLS failed with ${host}: ${reason}.`);
    default:
      return reason === 'ECONNREFUSED'
        ? new Failure('connection_refused', `Connection refused by ${host}: nothing listens on that port.`)
        : new Failure('connection_refused', `Could not connect to ${host} (${reason}).`);
  }
}

/**
 * One GET through the shared outbound layer (integrations/http/upstream-client):
 * one deadline over the whole answer, the body capped while it streams in, no
 * redirects, no circuit breaker (a test must really try). Any complete answer is
 * returned with its status; what is not an answer becomes a Failure.
 */
async function get(metrics: Metrics, url: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const target = new URL(url);
  const client = new UpstreamClient({ service: 'connection-test', baseUrl: target.origin, metrics, breaker: null, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES });
  try {
    const res = await client.send({ path: target.pathname + target.search, headers: { accept: 'application/json', ...headers } });
    return { status: res.status, json: parseJson(res.body) };
  } catch (err) {
    if (err instanceof UpstreamHttpError) return { status: err.upstreamStatus, json: typeof err.body === 'string' ? undefined : err.body };
    const failure = networkFailure(err, url);
    if (failure) throw failure;
    // A redirect (never followed: the secret would go along) or an answer that is not an answer.
    throw new Failure('http_error', `${target.host} answered with a redirect or an unusable answer; give the address the service itself answers on.`);
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const field = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), v);

/**
 * UPSTREAMS B1: /identity names the server without a token; the token is checked on the library.
 * With `expected` (a server picked from plex.tv), the address must lead to that very server.
 */
async function testPlex(metrics: Metrics, url: string, token: string, expected?: { machineIdentifier: string; name: string }): Promise<string> {
  // The one /identity schema (the library client, sign-in and the service check read it too).
  const identity = plexIdentitySchema.safeParse((await get(metrics, `${url}/identity`)).json);
  if (!identity.success) throw new Failure('wrong_product', 'That address answers, but it is not a Plex Media Server (no /identity).');
  const machineId = identity.data.MediaContainer.machineIdentifier;
  if (expected && machineId !== expected.machineIdentifier) {
    throw new Failure('wrong_server', `${new URL(url).host} is a different Plex server (${machineId.slice(0, 8)}…), not ${expected.name || 'the one you picked'} (${expected.machineIdentifier.slice(0, 8)}…).`);
  }
  const sections = await get(metrics, `${url}/library/sections`, { 'X-Plex-Token': token });
  if (sections.status === 401) throw new Failure('wrong_token', 'Plex refused the token (401). Use the server owner\u2019s token.');
  if (sections.status !== 200) throw new Failure('http_error', `Plex answered ${sections.status} to the library listing.`);
  return expected?.name ? `${expected.name} (Plex Media Server ${machineId.slice(0, 8)}…)` : `Plex Media Server ${machineId.slice(0, 8)}…`;
}

/** UPSTREAMS C1: /status is public and names the version; an API-key call proves the key. */
async function testOverseerr(metrics: Metrics, url: string, apiKey: string): Promise<string> {
  const status = await get(metrics, `${url}/api/v1/status`);
  const version = field(status.json, 'version');
  if (status.status !== 200 || typeof version !== 'string') throw new Failure('wrong_product', 'That address answers, but it is not Overseerr, Jellyseerr or Seerr (no /api/v1/status).');
  const users = await get(metrics, `${url}/api/v1/user?take=1&skip=0`, { 'X-Api-Key': apiKey });
  if (users.status === 401 || users.status === 403) throw new Failure('wrong_token', `Overseerr ${version} refused the API key (${users.status}). Copy it from Overseerr \u2192 Settings \u2192 General.`);
  if (users.status !== 200) throw new Failure('http_error', `Overseerr answered ${users.status}.`);
  return `Overseerr ${version}`;
}

/** UPSTREAMS E: the public status page of the slug. */
async function testKuma(metrics: Metrics, url: string, slug: string): Promise<string> {
  const page = await get(metrics, `${url}/api/status-page/${encodeURIComponent(slug)}`);
  if (page.status === 404) throw new Failure('not_found', `Uptime Kuma has no status page "${slug}".`);
  if (page.status !== 200 || field(page.json, 'config') === undefined) throw new Failure('wrong_product', 'That address answers, but not with an Uptime Kuma status page.');
  const title = field(page.json, 'config', 'title');
  return typeof title === 'string' ? `Status page "${title}"` : `Status page "${slug}"`;
}

/** Tries a Plex server picked from the owner's plex.tv account: its address, its token, and that the address leads to it. */
export async function testPickedPlexServer(metrics: Metrics, url: string, token: string, server: { machineIdentifier: string; name: string }): Promise<ConnectionTestResult> {
  try {
    const detail = await testPlex(metrics, url, token, server);
    return { ok: true, message: `Plex works: ${detail}.`, detail };
  } catch (err) {
    if (err instanceof Failure) return { ok: false, cause: err.reason, message: err.message };
    throw err;
  }
}

/** Tries the given (or saved) settings of one service and says exactly what is wrong. Nothing is saved. */
export async function testConnection(metrics: Metrics, input: ConnectionTestInput, saved: EffectiveSettings): Promise<ConnectionTestResult> {
  const name = NAMES[input.service];
  try {
    let detail: string;
    if (input.service === 'plex') {
      const url = input.url ?? saved.plex.serverUrl;
      const token = input.secret ?? saved.plex.token;
      if (!url || !token) throw new Failure('incomplete', 'Give the server URL and the owner\u2019s token.');
      detail = await testPlex(metrics, url, token);
    } else if (input.service === 'overseerr') {
      const url = input.url ?? saved.overseerr.url;
      const key = input.secret ?? saved.overseerr.apiKey;
      if (!url || !key) throw new Failure('incomplete', 'Give the Overseerr URL and its API key.');
      detail = await testOverseerr(metrics, url, key);
    } else {
      const url = input.url ?? saved.uptimeKuma.url;
      const slug = input.statusPage ?? saved.uptimeKuma.statusPage;
      if (!url || !slug) throw new Failure('incomplete', 'Give the Uptime Kuma URL and the status page slug.');
      detail = await testKuma(metrics, url, slug);
    }
    return { ok: true, message: `${name} works: ${detail}.`, detail };
  } catch (err) {
    if (err instanceof Failure) return { ok: false, cause: err.reason, message: err.message };
    throw err;
  }
}
