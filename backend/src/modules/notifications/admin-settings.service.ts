import webpush from 'web-push';
import type { Config } from '../../config/env';
import type { Encryptor } from '../../security/encryption';
import type { SettingsRepository } from '../settings/settings.repository';

export type SmtpTls = 'none' | 'starttls' | 'tls';

export interface SmtpSettings {
  host?: string;
  port?: number;
  tls: SmtpTls;
  user?: string;
  password?: string;
  from?: string;
  /** True when SMTP comes from the environment (shown read-only). */
  managedByEnv: boolean;
}

export interface NotifyAdminSettings {
  smtp: SmtpSettings;
  /** The name mail and pushes are signed with. */
  serverName: string;
  digest: { enabled: boolean; /** 0 = Sunday ... 6 = Saturday (UTC). */ day: number };
  /** Admin-wide Discord webhook that receives announcements. */
  discordWebhookUrl?: string;
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const PREFIX = 'notify.';
const SECRET_KEYS = new Set(['notify.smtp.password', 'notify.discordWebhookUrl', 'notify.vapid.privateKey']);
/** Where the stored SMTP password was saved for (see smtpDestination); not secret. */
const PASSWORD_DESTINATION = 'notify.smtp.password.destination';

/**
 * Where an SMTP password goes: TLS mode, host (lower-cased) and port (the
 * mailer's default for the mode when none is set); '' without a host. The
 * stored password is bound to it like the Plex token is bound to its URL's
 * origin (SECRET_BINDINGS in settings.service.ts): another host, port or TLS
 * mode without a new password clears it, so nobody who can change the host can
 * have the password sent (or sent in the clear) elsewhere.
 */
export function smtpDestination(host: string | null | undefined, port: number | string | null | undefined, tls: SmtpTls | null | undefined): string {
  if (!host) return '';
  const mode = tls ?? 'starttls';
  const effectivePort = port === null || port === undefined || port === '' ? (mode === 'tls' ? 465 : mode === 'none' ? 25 : 587) : Number(port);
  return `${mode}://${host.trim().toLowerCase()}:${effectivePort}`;
}

/** What an update did beyond storing the values given: the setting keys of secrets cleared because their destination moved. */
export interface NotifyAdminUpdateOutcome {
  settings: NotifyAdminSettings;
  clearedSecrets: string[];
}

export interface NotifyAdminUpdate {
  smtp?: { host?: string | null; port?: number | null; tls?: SmtpTls; user?: string | null; password?: string | null; from?: string | null };
  serverName?: string | null;
  digest?: { enabled?: boolean; day?: number };
  discordWebhookUrl?: string | null;
}

/**
 * Notification settings an admin manages (SMTP, server name, digest, the
 * announcement Discord webhook) and the VAPID keys, kept as `notify.*` rows of
 * the settings table; secrets are stored encrypted. SMTP from the environment
 * (SMTP_HOST set) wins over stored values.
 */
export class NotifyAdminSettingsService {
  constructor(
    private readonly rows: SettingsRepository,
    private readonly config: Config,
    private readonly encryptor: Encryptor,
  ) {}

  private async readAll(): Promise<Map<string, string>> {
    const rows = await this.rows.withPrefix(PREFIX);
    const out = new Map<string, string>();
    for (const row of rows) {
      const value = row.encrypted ? this.encryptor.decrypt(row.value) : row.value;
      if (value !== undefined) out.set(row.key, value);
    }
    return out;
  }

  async get(): Promise<NotifyAdminSettings> {
    const s = await this.readAll();
    const c = this.config;
    const port = s.get('notify.smtp.port');
    const tls = (s.get('notify.smtp.tls') as SmtpTls | undefined) ?? 'starttls';
    // A password saved for another destination (a row changed behind this service) is not handed out.
    const boundTo = s.get(PASSWORD_DESTINATION);
    const password = boundTo === undefined || boundTo === smtpDestination(s.get('notify.smtp.host'), port, tls) ? s.get('notify.smtp.password') : undefined;
    const smtp: SmtpSettings = c.smtpHost
      ? { host: c.smtpHost, port: c.smtpPort, tls: c.smtpTls ?? 'starttls', user: c.smtpUser, password: c.smtpPassword, from: c.smtpFrom, managedByEnv: true }
      : {
          host: s.get('notify.smtp.host'),
          port: port ? Number(port) : undefined,
          tls,
          user: s.get('notify.smtp.user'),
          password,
          from: s.get('notify.smtp.from'),
          managedByEnv: false,
        };
    return {
      smtp,
      serverName: s.get('notify.serverName') ?? 'MediaNest',
      digest: { enabled: s.get('notify.digest.enabled') === 'true', day: Number(s.get('notify.digest.day') ?? 1) },
      discordWebhookUrl: s.get('notify.discordWebhookUrl'),
    };
  }

  /**
   * Stores values (undefined = unchanged, null = cleared). A new SMTP host,
   * port or TLS mode without a new password clears the stored password
   * (smtpDestination); the outcome names it.
   */
  async update(u: NotifyAdminUpdate): Promise<NotifyAdminUpdateOutcome> {
    const values: Record<string, string | null | undefined> = {
      'notify.serverName': u.serverName,
      'notify.digest.enabled': u.digest?.enabled === undefined ? undefined : String(u.digest.enabled),
      'notify.digest.day': u.digest?.day === undefined ? undefined : String(u.digest.day),
      'notify.discordWebhookUrl': u.discordWebhookUrl,
    };
    if (u.smtp) {
      Object.assign(values, {
        'notify.smtp.host': u.smtp.host,
        'notify.smtp.port': u.smtp.port === undefined || u.smtp.port === null ? u.smtp.port : String(u.smtp.port),
        'notify.smtp.tls': u.smtp.tls,
        'notify.smtp.user': u.smtp.user,
        'notify.smtp.password': u.smtp.password,
        'notify.smtp.from': u.smtp.from,
      });
    }
    const clearedSecrets: string[] = [];
    await this.rows.transaction(async (tx) => {
      if (u.smtp) {
        const stored = async (key: string) => (await tx.find(key))?.value;
        const given = <T>(value: T | null | undefined, current: T | undefined): T | undefined => (value === undefined ? current : (value ?? undefined));
        const oldHost = await stored('notify.smtp.host');
        const oldPort = await stored('notify.smtp.port');
        const oldTls = (await stored('notify.smtp.tls')) as SmtpTls | undefined;
        const before = smtpDestination(oldHost, oldPort, oldTls);
        const after = smtpDestination(given(u.smtp.host, oldHost), given(u.smtp.port === undefined || u.smtp.port === null ? u.smtp.port : String(u.smtp.port), oldPort), given(u.smtp.tls, oldTls));
        if (typeof u.smtp.password === 'string' && u.smtp.password !== '') {
          values[PASSWORD_DESTINATION] = after;
        } else if (u.smtp.password === null || u.smtp.password === '') {
          values[PASSWORD_DESTINATION] = null;
        } else if (after !== before) {
          if (await tx.exists('notify.smtp.password')) clearedSecrets.push('notify.smtp.password');
          values['notify.smtp.password'] = null;
          values[PASSWORD_DESTINATION] = null;
        }
      }
      for (const [key, value] of Object.entries(values)) {
        if (value === undefined) continue;
        if (value === null || value === '') {
          await tx.remove(key);
          continue;
        }
        const encrypted = SECRET_KEYS.has(key);
        await tx.put(key, encrypted ? this.encryptor.encrypt(value) : value, encrypted);
      }
    });
    return { settings: await this.get(), clearedSecrets };
  }

  /**
   * The VAPID key pair, generated on first use and kept: changing it would
   * orphan every browser subscription. Two instances racing both try to
   * insert; the unique key lets one win and the other reads its pair.
   */
  async vapid(): Promise<VapidKeys> {
    const subject = await this.vapidSubject();
    const existing = await this.readVapid();
    if (existing) return { ...existing, subject };
    const keys = webpush.generateVAPIDKeys();
    try {
      await this.rows.insertAll([
        { key: 'notify.vapid.publicKey', value: keys.publicKey, encrypted: false },
        { key: 'notify.vapid.privateKey', value: this.encryptor.encrypt(keys.privateKey), encrypted: true },
      ]);
    } catch {
      const winner = await this.readVapid();
      if (winner) return { ...winner, subject };
      throw new Error('could not store VAPID keys');
    }
    return { ...keys, subject };
  }

  /**
   * Who push services can contact about this server (RFC 8292 `sub`): the
   * mail sender when there is one, else the app's https URL. web-push accepts
   * only mailto: and https:, so a plain-http install names a mailto: of its host.
   */
  private async vapidSubject(): Promise<string> {
    const from = (await this.get()).smtp.from;
    const address = from ? (/<([^>]+)>/.exec(from)?.[1] ?? from).trim() : undefined;
    if (address && /^[^@\s]+@[^@\s]+$/.test(address)) return `mailto:${address}`;
    const app = new URL(this.config.appUrl);
    return app.protocol === 'https:' ? this.config.appUrl : `mailto:medianest@${app.hostname}`;
  }

  /** The VAPID public key if one was generated already (reads never create one). */
  async vapidPublicKey(): Promise<string | undefined> {
    return (await this.readVapid())?.publicKey;
  }

  private async readVapid(): Promise<{ publicKey: string; privateKey: string } | undefined> {
    const s = await this.readAll();
    const publicKey = s.get('notify.vapid.publicKey');
    const privateKey = s.get('notify.vapid.privateKey');
    return publicKey && privateKey ? { publicKey, privateKey } : undefined;
  }
}
