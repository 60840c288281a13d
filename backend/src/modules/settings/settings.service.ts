import type { PrismaClient } from '@prisma/client';
import type { Config } from '../../config/env';
import type { Logger } from '../../logging/logger';
import type { Encryptor } from '../../security/encryption';

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
} as const;
export type SettingName = keyof typeof SETTING_KEYS;

type Listener = (settings: EffectiveSettings) => void;

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

  constructor(
    private readonly prisma: PrismaClient,
    private readonly config: Config,
    private readonly encryptor: Encryptor,
    private readonly logger: Logger,
    private readonly ttlMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called with the settings whenever they change, and once a secret no longer decrypts. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keys whose stored secret no longer decrypts (key changed); the admin module notifies admins. */
  undecryptableHandler?: (key: string) => Promise<void> | void;

  async get(): Promise<EffectiveSettings> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.value;
    const value = await this.load();
    this.cached = { at: this.now(), value };
    return value;
  }

  private async load(): Promise<EffectiveSettings> {
    const rows = await this.prisma.setting.findMany();
    const stored = new Map(rows.map((r) => [r.key, r]));
    const read = (name: SettingName): string | undefined => {
      const { key } = SETTING_KEYS[name];
      const row = stored.get(key);
      if (!row) return undefined;
      if (!row.encrypted) return row.value;
      const plain = this.encryptor.decrypt(row.value);
      if (plain === undefined && !this.reportedUndecryptable.has(key)) {
        this.reportedUndecryptable.add(key);
        this.logger.warn('a stored secret no longer decrypts with ENCRYPTION_KEY; treating it as unset', { setting: key });
        void this.undecryptableHandler?.(key);
      }
      return plain;
    };
    const c = this.config;
    const plexEnv = Boolean(c.plexServerUrl || c.plexToken);
    const overseerrEnv = Boolean(c.overseerrUrl || c.overseerrApiKey || c.overseerrWebhookSecret);
    const kumaEnv = Boolean(c.uptimeKumaUrl || c.uptimeKumaStatusPage);
    return {
      plex: plexEnv
        ? { serverUrl: c.plexServerUrl, token: c.plexToken, managedByEnv: true }
        : { serverUrl: read('plexServerUrl'), token: read('plexToken'), managedByEnv: false },
      overseerr: overseerrEnv
        ? { url: c.overseerrUrl, apiKey: c.overseerrApiKey, webhookSecret: c.overseerrWebhookSecret, managedByEnv: true }
        : { url: read('overseerrUrl'), apiKey: read('overseerrApiKey'), webhookSecret: read('overseerrWebhookSecret'), managedByEnv: false },
      uptimeKuma: kumaEnv
        ? { url: c.uptimeKumaUrl, statusPage: c.uptimeKumaStatusPage, managedByEnv: true }
        : { url: read('uptimeKumaUrl'), statusPage: read('uptimeKumaStatusPage'), managedByEnv: false },
    };
  }

  /** Stores values (undefined = unchanged, null = cleared) and notifies listeners. */
  async update(values: Partial<Record<SettingName, string | null | undefined>>): Promise<EffectiveSettings> {
    await this.prisma.$transaction(async (tx) => {
      for (const [name, value] of Object.entries(values) as Array<[SettingName, string | null | undefined]>) {
        if (value === undefined) continue;
        const { key, secret } = SETTING_KEYS[name];
        if (value === null) {
          await tx.setting.deleteMany({ where: { key } });
          continue;
        }
        const stored = secret ? this.encryptor.encrypt(value) : value;
        await tx.setting.upsert({ where: { key }, create: { key, value: stored, encrypted: secret }, update: { value: stored, encrypted: secret } });
        this.reportedUndecryptable.delete(key);
      }
    });
    this.cached = undefined;
    const fresh = await this.get();
    for (const listener of this.listeners) listener(fresh);
    return fresh;
  }

  /** Forget the cached copy (tests, and other instances' changes). */
  invalidate(): void {
    this.cached = undefined;
  }
}
