import type { User } from '@prisma/client';
import type { CachedLoader } from '../../cache/cached';
import { ConflictError } from '../../common/errors';
import type { AuditService } from '../audit/audit.service';
import { type EffectiveSettings, SETTING_KEYS, type SettingName, type SettingsService } from '../settings/settings.service';
import type { SettingsBody, SettingsResponse } from './admin.schemas';

type Section = keyof SettingsBody;

/** Body field → setting, per section; `secret` fields are write-only and never compared or shown. */
const FIELDS: { [S in Section]: Record<string, { name: SettingName; secret: boolean; current: (s: EffectiveSettings) => string | undefined }> } = {
  plex: {
    serverUrl: { name: 'plexServerUrl', secret: false, current: (s) => s.plex.serverUrl },
    token: { name: 'plexToken', secret: true, current: (s) => s.plex.token },
  },
  overseerr: {
    url: { name: 'overseerrUrl', secret: false, current: (s) => s.overseerr.url },
    apiKey: { name: 'overseerrApiKey', secret: true, current: (s) => s.overseerr.apiKey },
    webhookSecret: { name: 'overseerrWebhookSecret', secret: true, current: (s) => s.overseerr.webhookSecret },
  },
  uptimeKuma: {
    url: { name: 'uptimeKumaUrl', secret: false, current: (s) => s.uptimeKuma.url },
    statusPage: { name: 'uptimeKumaStatusPage', secret: false, current: (s) => s.uptimeKuma.statusPage },
  },
};

export function toSettingsResponse(s: EffectiveSettings): SettingsResponse {
  return {
    plex: { serverUrl: s.plex.serverUrl ?? null, tokenSet: Boolean(s.plex.token), managedByEnv: s.plex.managedByEnv },
    overseerr: {
      url: s.overseerr.url ?? null,
      apiKeySet: Boolean(s.overseerr.apiKey),
      webhookSecretSet: Boolean(s.overseerr.webhookSecret),
      managedByEnv: s.overseerr.managedByEnv,
    },
    uptimeKuma: { url: s.uptimeKuma.url ?? null, statusPage: s.uptimeKuma.statusPage ?? null, managedByEnv: s.uptimeKuma.managedByEnv },
  };
}

/** Integration settings as admins see and change them: environment values are read-only, secrets write-only. */
export class AdminSettingsService {
  constructor(
    private readonly settings: SettingsService,
    private readonly cached: CachedLoader,
    private readonly audit: AuditService,
  ) {}

  async view(): Promise<SettingsResponse> {
    return toSettingsResponse(await this.settings.get());
  }

  /** `context` is added to the audit entry (e.g. which Plex server the setup picker chose); never secrets. */
  async update(actor: User, body: SettingsBody, ip?: string, context: Record<string, unknown> = {}): Promise<SettingsResponse> {
    const current = await this.settings.get();
    const values: Partial<Record<SettingName, string | null>> = {};
    const changed: string[] = [];
    for (const section of Object.keys(FIELDS) as Section[]) {
      const given = (body[section] ?? {}) as Record<string, string | null | undefined>;
      for (const [field, spec] of Object.entries(FIELDS[section])) {
        const value = given[field];
        if (value === undefined) continue;
        // Echoing back a value the environment already sets is not a change (the web app sends whole sections).
        const unchanged = !spec.secret && (value ?? undefined) === spec.current(current);
        if (current[section].managedByEnv) {
          if (unchanged) continue;
          throw new ConflictError(`${section} settings come from the environment and cannot be changed here.`);
        }
        values[spec.name] = value;
        changed.push(`${section}.${field}`);
      }
    }
    if (changed.length === 0) return toSettingsResponse(current);
    const { settings: fresh, clearedSecrets } = await this.settings.update(values);
    // Cached answers of the previous server or key must not outlive the change.
    await Promise.all([this.cached.invalidate('plex:'), this.cached.invalidate('overseerr:')]);
    // Field names and URLs only: secret values never reach the audit log.
    const urls: Record<string, { from: string | null; to: string | null }> = {};
    for (const section of Object.keys(FIELDS) as Section[]) {
      for (const [field, spec] of Object.entries(FIELDS[section])) {
        if (spec.secret || !changed.includes(`${section}.${field}`) || !/url$/i.test(field)) continue;
        urls[`${section}.${field}`] = { from: spec.current(current) ?? null, to: spec.current(fresh) ?? null };
      }
    }
    const cleared = clearedSecrets.map((name) => SETTING_KEYS[name].key);
    await this.audit.record({
      actorId: actor.id,
      action: 'admin.settings_updated',
      targetType: 'settings',
      details: { fields: changed, ...(Object.keys(urls).length > 0 ? { urls } : {}), ...(cleared.length > 0 ? { clearedSecrets: cleared } : {}), ...context },
      ip,
    });
    return toSettingsResponse(fresh);
  }
}
