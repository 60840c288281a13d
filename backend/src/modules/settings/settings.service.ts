import type { Config } from '../../config/env';
import type { Logger } from '../../logging/logger';
import type { Encryptor } from '../../security/encryption';
import type { SettingsRepository } from './settings.repository';

export interface PlexSettings {
  serverUrl?: string;
  token?: string;
  managedByEnv: boolean;
}
export interface OverseerrSettings {
  url?: string;
  apiKey?: string;
  webhookSecret?: string;
  managedByEnv: boolean;
}
export interface UptimeKumaSettings {
  url?: string;
  statusPage?: string;
  managedByEnv: boolean;
}
export interface EffectiveSettings {
  plex: PlexSettings;
  overseerr: OverseerrSettings;
  uptimeKuma: UptimeKumaSettings;
}

/** Setting keys in the `settings` table; secrets are stored encrypted. */
export const SETTING_KEYS = {
  plexServerUrl: { key: 'plex.serverUrl', secret: false },
  plexToken: { key: 'plex.token', secret: true },
  overseerrUrl: { key: 'overseerr.url', secret: false },
  overseerrApiKey: { key: 'overseerr.apiKey', secret: true },
  overseerrWebhookSecret: { key: 'overseerr.webhookSecret', secret: true },
  uptimeKumaUrl: { key: 'uptimeKuma.url', secret: false },
  uptimeKumaStatusPage: { key: 'uptimeKuma.statusPage', secret: false },
  // The origin (scheme, host, port) each outgoing secret was saved for; see SECRET_BINDINGS.
  plexTokenOrigin: { key: 'plex.token.origin', secret: false },
  overseerrApiKeyOrigin: { key: 'overseerr.apiKey.origin', secret: false },
} as const;
export type SettingName = keyof typeof SETTING_KEYS;

/**
 * Secrets MediaNest sends to a URL are bound to the origin of the URL they were
 * saved with: changing the URL's scheme, host or port without giving a new
 * secret clears the secret, so nobody who can change the URL can have the
 * owner's token sent to another host. (The webhook secret is only ever
 * received, never sent, so it is not bound.)
 */
export const SECRET_BINDINGS = [
  { section: 'plex', url: 'plexServerUrl', secret: 'plexToken', origin: 'plexTokenOrigin' },
  { section: 'overseerr', url: 'overseerrUrl', secret: 'overseerrApiKey', origin: 'overseerrApiKeyOrigin' },
] as const satisfies ReadonlyArray<{ section: string; url: SettingName; secret: SettingName; origin: SettingName }>;

/** scheme://host:port of a URL (default ports dropped, host lower-cased); '' for none. */
export function originOf(url: string | null | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** What an update did beyond storing the values given: secrets cleared because their URL moved. */
export interface UpdateOutcome {
  settings: EffectiveSettings;
  clearedSecrets: SettingName[];
}

type Listener = (settings: EffectiveSettings) => void;

export interface SettingsServiceDeps {
  repo: Pick<SettingsRepository, 'all' | 'transaction'>;
  config: Config;
  encryptor: Encryptor;
  logger: Logger;
  /** Called once per key whose stored secret no longer decrypts (ENCRYPTION_KEY changed). */
  onUndecryptable?: (key: string) => Promise<void> | void;
  /** How long a read is reused (default 5 s). */
  ttlMs?: number;
  clock?: () => number;
}

/**
 * The effective integration settings: environment values win (and are shown
 * read-only); otherwise values an admin stored in the database. Read through a
 * short cache so every request does not hit the database; a change through
 * this service refreshes it at once (other instances within the TTL).
 */
export class SettingsService {
  private cached?: { at: number; value: EffectiveSettings };
  private readonly listeners = new Set<Listener>();
  private readonly reportedUndecryptable = new Set<string>();
  private readonly reportedUnbound = new Set<string>();

  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly d: SettingsServiceDeps) {
    this.ttlMs = d.ttlMs ?? 5000;
    this.now = d.clock ?? Date.now;
  }

  /** Called with the settings whenever they change, and once a secret no longer decrypts. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async get(): Promise<EffectiveSettings> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.value;
    const value = await this.load();
    this.cached = { at: this.now(), value };
    return value;
  }

  private async load(): Promise<EffectiveSettings> {
    const rows = await this.d.repo.all();
    const stored = new Map(rows.map((r) => [r.key, r]));
    const read = (name: SettingName): string | undefined => {
      const { key } = SETTING_KEYS[name];
      const row = stored.get(key);
      if (!row) return undefined;
      if (!row.encrypted) return row.value;
      const plain = this.d.encryptor.decrypt(row.value);
      if (plain === undefined && !this.reportedUndecryptable.has(key)) {
        this.reportedUndecryptable.add(key);
        this.d.logger.warn('a stored secret no longer decrypts with ENCRYPTION_KEY; treating it as unset', { setting: key });
        void this.d.onUndecryptable?.(key);
      }
      return plain;
    };
    // A secret whose recorded origin is not its URL's is never handed out (e.g. a row edited by hand).
    const bound = (name: 'plexToken' | 'overseerrApiKey'): string | undefined => {
      const binding = SECRET_BINDINGS.find((b) => b.secret === name)!;
      const secret = read(name);
      const origin = stored.get(SETTING_KEYS[binding.origin].key)?.value;
      if (secret === undefined || origin === undefined || origin === originOf(read(binding.url))) return secret;
      if (!this.reportedUnbound.has(name)) {
        this.reportedUnbound.add(name);
        this.d.logger.warn('a stored secret belongs to another URL than the one configured; treating it as unset', { setting: SETTING_KEYS[name].key });
      }
      return undefined;
    };
    const c = this.d.config;
    const plexEnv = Boolean(c.plexServerUrl || c.plexToken);
    const overseerrEnv = Boolean(c.overseerrUrl || c.overseerrApiKey || c.overseerrWebhookSecret);
    const kumaEnv = Boolean(c.uptimeKumaUrl || c.uptimeKumaStatusPage);
    return {
      plex: plexEnv
        ? { serverUrl: c.plexServerUrl, token: c.plexToken, managedByEnv: true }
        : { serverUrl: read('plexServerUrl'), token: bound('plexToken'), managedByEnv: false },
      overseerr: overseerrEnv
        ? { url: c.overseerrUrl, apiKey: c.overseerrApiKey, webhookSecret: c.overseerrWebhookSecret, managedByEnv: true }
        : { url: read('overseerrUrl'), apiKey: bound('overseerrApiKey'), webhookSecret: read('overseerrWebhookSecret'), managedByEnv: false },
      uptimeKuma: kumaEnv
        ? { url: c.uptimeKumaUrl, statusPage: c.uptimeKumaStatusPage, managedByEnv: true }
        : { url: read('uptimeKumaUrl'), statusPage: read('uptimeKumaStatusPage'), managedByEnv: false },
    };
  }

  /**
   * Stores values (undefined = unchanged, null = cleared) and notifies listeners.
   * A URL whose origin changes without a new secret in the same update clears
   * that secret (SECRET_BINDINGS); the outcome names the secrets cleared.
   */
  async update(values: Partial<Record<SettingName, string | null | undefined>>): Promise<UpdateOutcome> {
    const clearedSecrets: SettingName[] = [];
    await this.d.repo.transaction(async (tx) => {
      const changes: Partial<Record<SettingName, string | null | undefined>> = { ...values };
      for (const binding of SECRET_BINDINGS) {
        const newUrl = values[binding.url];
        const newSecret = values[binding.secret];
        const storedUrl = await tx.find(SETTING_KEYS[binding.url].key);
        const url = newUrl === undefined ? storedUrl?.value : newUrl;
        if (typeof newSecret === 'string') {
          changes[binding.origin] = originOf(url);
        } else if (newSecret === null) {
          changes[binding.origin] = null;
        } else if (newUrl !== undefined && originOf(newUrl) !== originOf(storedUrl?.value)) {
          const had = await tx.exists(SETTING_KEYS[binding.secret].key);
          changes[binding.secret] = null;
          changes[binding.origin] = null;
          if (had) clearedSecrets.push(binding.secret);
        }
      }
      for (const [name, value] of Object.entries(changes) as Array<[SettingName, string | null | undefined]>) {
        if (value === undefined) continue;
        const { key, secret } = SETTING_KEYS[name];
        if (value === null) {
          await tx.remove(key);
          continue;
        }
        const stored = secret ? this.d.encryptor.encrypt(value) : value;
        await tx.put(key, stored, secret);
        this.reportedUndecryptable.delete(key);
      }
    });
    this.reportedUnbound.clear();
    this.cached = undefined;
    const fresh = await this.get();
    for (const listener of this.listeners) listener(fresh);
    return { settings: fresh, clearedSecrets };
  }

  /** Forget the cached copy (tests, and other instances' changes). */
  invalidate(): void {
    this.cached = undefined;
  }
}
