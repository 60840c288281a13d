import { ApiError, errorFromResponse, networkError } from './errors';
import type { SessionResponse, User } from './types';

const API_PREFIX = '/api/v1';
const REFRESH_LOCK = 'medianest-auth-refresh';
const AUTH_CHANNEL = 'medianest-auth';

type AuthStatus = 'loading' | 'signedIn' | 'signedOut';
type SignOutReason = 'expired' | 'logout' | 'unreachable' | undefined;

export interface AuthSnapshot {
  status: AuthStatus;
  user: User | null;
  /** Why the last session ended, so the sign-in page can say so. */
  reason: SignOutReason;
}

type Query = Record<string, string | number | boolean | undefined | null>;

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Send the access token and refresh once on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

interface RawResponse<T> {
  status: number;
  data: T;
}

interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Web Locks implementation; defaults to navigator.locks when the browser has it. */
  locks?: Pick<LockManager, 'request'> | null;
  /** Cross-tab sign-out; defaults to a BroadcastChannel when available. */
  channel?: Pick<BroadcastChannel, 'postMessage' | 'addEventListener' | 'close'> | null;
}

function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The one HTTP client of the web app. It keeps the access token in memory only, refreshes it
 * through the HttpOnly cookie (one refresh at a time across all tabs, via Web Locks), retries a
 * call once after a 401, and tells subscribers when the session starts or ends.
 */
export class ApiClient {
  private readonly fetchImpl: typeof fetch;
  private readonly locks: Pick<LockManager, 'request'> | null;
  private readonly channel: ApiClientOptions['channel'];
  private accessToken: string | null = null;
  private expiresAt = 0;
  private snapshot: AuthSnapshot = { status: 'loading', user: null, reason: undefined };
  private readonly listeners = new Set<() => void>();
  private refreshing: Promise<boolean> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const nav = typeof navigator === 'undefined' ? undefined : navigator;
    this.locks = options.locks !== undefined ? options.locks : (nav?.locks ?? null);
    this.channel =
      options.channel !== undefined
        ? options.channel
        : typeof BroadcastChannel === 'undefined'
          ? null
          : new BroadcastChannel(AUTH_CHANNEL);
    this.channel?.addEventListener('message', (event: MessageEvent) => {
      if (event.data === 'logout') this.endSession('logout', false);
    });
  }

  // ---- session state (for useSyncExternalStore)
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = (): AuthSnapshot => this.snapshot;

  get token(): string | null {
    return this.accessToken;
  }

  private setSnapshot(next: AuthSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }

  startSession(session: SessionResponse): void {
    this.accessToken = session.accessToken;
    this.expiresAt = Date.parse(session.expiresAt) || Date.now() + 15 * 60_000;
    this.scheduleRefresh();
    this.setSnapshot({ status: 'signedIn', user: session.user, reason: undefined });
  }

  updateUser(user: User): void {
    if (this.snapshot.status === 'signedIn') this.setSnapshot({ ...this.snapshot, user });
  }

  endSession(reason: SignOutReason, broadcast = false): void {
    this.accessToken = null;
    this.expiresAt = 0;
    clearTimeout(this.refreshTimer);
    if (broadcast) this.channel?.postMessage('logout');
    this.setSnapshot({ status: 'signedOut', user: null, reason });
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.channel?.close();
    this.listeners.clear();
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    // Renew a minute before expiry so sockets and calls always have a valid token.
    const delay = Math.max(5_000, this.expiresAt - Date.now() - 60_000);
    if (delay > 2 ** 31 - 1) return;
    this.refreshTimer = setTimeout(() => {
      this.refresh().catch(() => this.scheduleRetry());
    }, delay);
  }

  private scheduleRetry(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refresh().catch(() => this.scheduleRetry());
    }, 30_000);
  }

  /** On start-up: resume the session from the refresh cookie, silently. */
  async restore(): Promise<void> {
    if (this.snapshot.status === 'signedIn') return;
    try {
      const ok = await this.refresh();
      if (!ok) this.setSnapshot({ status: 'signedOut', user: null, reason: undefined });
    } catch {
      this.setSnapshot({ status: 'signedOut', user: null, reason: 'unreachable' });
    }
  }

  /**
   * Gets a new access token from the refresh cookie. Concurrent callers in this tab share one
   * attempt; across tabs the Web Lock makes attempts take turns, so no two tabs ever present
   * the same (rotated) refresh token.
   */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      const attempt = () => this.doRefresh();
      const run = this.locks ? this.locks.request(REFRESH_LOCK, attempt) : attempt();
      this.refreshing = Promise.resolve(run).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  /** Resolves false when the server refused the cookie; rejects when it could not be reached. */
  private async doRefresh(): Promise<boolean> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${API_PREFIX}/auth/refresh`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
    } catch (cause) {
      throw networkError(cause);
    }
    if (response.status >= 500 || response.status === 429) throw await errorFromResponse(response);
    if (!response.ok) {
      if (this.snapshot.status === 'signedIn') this.endSession('expired');
      return false;
    }
    this.startSession((await response.json()) as SessionResponse);
    return true;
  }

  async logout(): Promise<void> {
    try {
      await this.send('/auth/logout', { method: 'POST' }, true);
    } catch {
      // Signing out locally is what matters; the server session expires on its own.
    }
    this.endSession('logout', true);
  }

  /** A JSON call; resolves with the body (undefined for 204). */
  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.requestRaw<T>(path, options)).data;
  }

  /** Like `request`, but also gives the status (the Plex callback answers 202 while pending). */
  async requestRaw<T>(path: string, options: RequestOptions = {}): Promise<RawResponse<T>> {
    const auth = options.auth ?? true;
    let response = await this.send(path, options, auth);
    if (response.status === 401 && auth) {
      const refreshed = await this.refresh();
      if (!refreshed) {
        const error = await errorFromResponse(response);
        if (this.snapshot.status === 'signedIn') this.endSession('expired');
        throw error;
      }
      response = await this.send(path, options, auth);
      if (response.status === 401) {
        const error = await errorFromResponse(response);
        this.endSession('expired');
        throw error;
      }
    }
    if (!response.ok) {
      const error = await errorFromResponse(response);
      this.noticeError(error);
      throw error;
    }
    const data = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    return { status: response.status, data: data as T };
  }

  private noticeError(error: ApiError): void {
    const user = this.snapshot.user;
    if (error.code === 'PASSWORD_CHANGE_REQUIRED' && user && !user.mustChangePassword) {
      this.updateUser({ ...user, mustChangePassword: true });
    }
  }

  private async send(path: string, options: RequestOptions, auth: boolean): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth && this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
    const init: RequestInit = {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
    };
    if (options.body !== undefined) init.body = JSON.stringify(options.body);
    if (options.signal) init.signal = options.signal;
    try {
      return await this.fetchImpl(`${API_PREFIX}${path}${buildQuery(options.query)}`, init);
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw networkError(cause);
    }
  }
}
