import type { EffectiveSettings } from '../settings/settings.service';

export type ConnectionService = 'plex' | 'overseerr' | 'uptimeKuma';
export const FAILURE_CAUSES = ['connection_refused', 'dns', 'tls', 'timeout', 'wrong_token', 'wrong_product', 'wrong_server', 'not_found', 'http_error', 'incomplete'] as const;
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
const NAMES: Record<ConnectionService, string> = { plex: 'Plex', overseerr: 'Overseerr', uptimeKuma: 'Uptime Kuma' };

class Failure extends Error {
  constructor(
    readonly reason: FailureCause,
    message: string,
  ) {
    super(message);
  }
}

/** Node's fetch hides the reason in `cause.code`; turn it into what an admin can act on. */
function networkFailure(err: unknown, url: string): Failure {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? '';
  const host = new URL(url).host;
  if ((err as Error).name === 'TimeoutError') return new Failure('timeout', `${host} did not answer within ${TIMEOUT_MS / 1000} s.`);
  if (code === 'ECONNREFUSED') return new Failure('connection_refused', `Connection refused by ${host}: nothing listens on that port.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new Failure('dns', `The name ${new URL(url).hostname} does not resolve.`);
  if (/CERT|SSL|TLS|SELF_SIGNED|ERR_TLS/i.test(code) || /certificate|ssl|tls/i.test(cause?.message ?? ''))
    return new Failure('tls', `TLS failed with ${host}: ${cause?.message ?? code}.`);
  return new Failure('connection_refused', `Could not connect to ${host}${code ? ` (${code})` : ''}.`);
}

async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  } catch (err) {
    throw networkFailure(err, url);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json };
}

const field = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), v);

/**
 * UPSTREAMS B1: /identity names the server without a token; the token is checked on the library.
 * With `expected` (a server picked from plex.tv), the address must lead to that very server.
 */
async function testPlex(url: string, token: string, expected?: { machineIdentifier: string; name: string }): Promise<string> {
  const identity = await get(`${url}/identity`);
  const machineId = field(identity.json, 'MediaContainer', 'machineIdentifier');
  if (typeof machineId !== 'string') throw new Failure('wrong_product', 'That address answers, but it is not a Plex Media Server (no /identity).');
  if (expected && machineId !== expected.machineIdentifier) {
    throw new Failure('wrong_server', `${new URL(url).host} is a different Plex server (${machineId.slice(0, 8)}…), not ${expected.name || 'the one you picked'} (${expected.machineIdentifier.slice(0, 8)}…).`);
  }
  const sections = await get(`${url}/library/sections`, { 'X-Plex-Token': token });
  if (sections.status === 401) throw new Failure('wrong_token', 'Plex refused the token (401). Use the server owner\u2019s token.');
  if (sections.status !== 200) throw new Failure('http_error', `Plex answered ${sections.status} to the library listing.`);
  return expected?.name ? `${expected.name} (Plex Media Server ${machineId.slice(0, 8)}…)` : `Plex Media Server ${machineId.slice(0, 8)}…`;
}

/** UPSTREAMS C1: /status is public and names the version; an API-key call proves the key. */
async function testOverseerr(url: string, apiKey: string): Promise<string> {
  const status = await get(`${url}/api/v1/status`);
  const version = field(status.json, 'version');
  if (status.status !== 200 || typeof version !== 'string') throw new Failure('wrong_product', 'That address answers, but it is not Overseerr, Jellyseerr or Seerr (no /api/v1/status).');
  const users = await get(`${url}/api/v1/user?take=1&skip=0`, { 'X-Api-Key': apiKey });
  if (users.status === 401 || users.status === 403) throw new Failure('wrong_token', `Overseerr ${version} refused the API key (${users.status}). Copy it from Overseerr \u2192 Settings \u2192 General.`);
  if (users.status !== 200) throw new Failure('http_error', `Overseerr answered ${users.status}.`);
  return `Overseerr ${version}`;
}

/** UPSTREAMS E: the public status page of the slug. */
async function testKuma(url: string, slug: string): Promise<string> {
  const page = await get(`${url}/api/status-page/${encodeURIComponent(slug)}`);
  if (page.status === 404) throw new Failure('not_found', `Uptime Kuma has no status page "${slug}".`);
  if (page.status !== 200 || field(page.json, 'config') === undefined) throw new Failure('wrong_product', 'That address answers, but not with an Uptime Kuma status page.');
  const title = field(page.json, 'config', 'title');
  return typeof title === 'string' ? `Status page "${title}"` : `Status page "${slug}"`;
}

/** Tries a Plex server picked from the owner's plex.tv account: its address, its token, and that the address leads to it. */
export async function testPickedPlexServer(url: string, token: string, server: { machineIdentifier: string; name: string }): Promise<ConnectionTestResult> {
  try {
    const detail = await testPlex(url, token, server);
    return { ok: true, message: `Plex works: ${detail}.`, detail };
  } catch (err) {
    if (err instanceof Failure) return { ok: false, cause: err.reason, message: err.message };
    throw err;
  }
}

/** Tries the given (or saved) settings of one service and says exactly what is wrong. Nothing is saved. */
export async function testConnection(input: ConnectionTestInput, saved: EffectiveSettings): Promise<ConnectionTestResult> {
  const name = NAMES[input.service];
  try {
    let detail: string;
    if (input.service === 'plex') {
      const url = input.url ?? saved.plex.serverUrl;
      const token = input.secret ?? saved.plex.token;
      if (!url || !token) throw new Failure('incomplete', 'Give the server URL and the owner\u2019s token.');
      detail = await testPlex(url, token);
    } else if (input.service === 'overseerr') {
      const url = input.url ?? saved.overseerr.url;
      const key = input.secret ?? saved.overseerr.apiKey;
      if (!url || !key) throw new Failure('incomplete', 'Give the Overseerr URL and its API key.');
      detail = await testOverseerr(url, key);
    } else {
      const url = input.url ?? saved.uptimeKuma.url;
      const slug = input.statusPage ?? saved.uptimeKuma.statusPage;
      if (!url || !slug) throw new Failure('incomplete', 'Give the Uptime Kuma URL and the status page slug.');
      detail = await testKuma(url, slug);
    }
    return { ok: true, message: `${name} works: ${detail}.`, detail };
  } catch (err) {
    if (err instanceof Failure) return { ok: false, cause: err.reason, message: err.message };
    throw err;
  }
}
