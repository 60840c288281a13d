import type { Encryptor } from '../../security/encryption';
import { type Kind, type Channel, type Preferences, normalisePreferences } from './kinds';
import type { NotificationRepository } from './notification.repository';

export interface Targets {
  discord?: { webhookUrl: string };
  ntfy?: { url: string; topic: string; token?: string };
  gotify?: { url: string; token: string };
}

export interface UserNotificationSettings {
  preferences: Preferences;
  targets: Targets;
  digestOptOut: boolean;
}

/**
 * A user's channel choices and their own targets. Targets hold webhook URLs
 * and tokens, so they are stored encrypted as one document and only ever
 * presented masked.
 */
export class NotificationPreferences {
  constructor(
    private readonly repo: Pick<NotificationRepository, 'findSettings' | 'saveSettings'>,
    private readonly encryptor: Encryptor,
  ) {}

  async get(userId: string): Promise<UserNotificationSettings> {
    const row = await this.repo.findSettings(userId);
    return {
      preferences: normalisePreferences(row?.preferences),
      targets: this.openTargets(row?.targetsEnc),
      digestOptOut: row?.digestOptOut ?? false,
    };
  }

  async update(userId: string, change: { preferences?: Partial<Record<Kind, Channel[]>>; targets?: { [K in keyof Targets]?: Targets[K] | null }; digestOptOut?: boolean }): Promise<UserNotificationSettings> {
    const current = await this.get(userId);
    const preferences = normalisePreferences({ ...current.preferences, ...change.preferences });
    const targets: Targets = { ...current.targets };
    for (const [name, value] of Object.entries(change.targets ?? {}) as Array<[keyof Targets, Targets[keyof Targets] | null | undefined]>) {
      if (value === undefined) continue;
      if (value === null) delete targets[name];
      else (targets as Record<string, unknown>)[name] = value;
    }
    const targetsEnc = Object.keys(targets).length > 0 ? this.encryptor.encrypt(JSON.stringify(targets)) : null;
    const digestOptOut = change.digestOptOut ?? current.digestOptOut;
    await this.repo.saveSettings(userId, { preferences, targetsEnc, digestOptOut });
    return { preferences, targets, digestOptOut };
  }

  /** Turns one channel off for one kind (the one-click unsubscribe). */
  async disable(userId: string, kind: Kind, channel: Channel): Promise<void> {
    const current = await this.get(userId);
    await this.update(userId, { preferences: { [kind]: current.preferences[kind].filter((c) => c !== channel) } });
  }

  private openTargets(enc: string | null | undefined): Targets {
    if (!enc) return {};
    const plain = this.encryptor.decrypt(enc);
    if (!plain) return {};
    try {
      return JSON.parse(plain) as Targets;
    } catch {
      return {};
    }
  }
}
