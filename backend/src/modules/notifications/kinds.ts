/** What a notification is about; each user picks channels per kind. */
export const KINDS = ['request', 'followed', 'episodes', 'service', 'announcement', 'digest'] as const;
export type Kind = (typeof KINDS)[number];

/** Where a notification can go. `inApp` is the stored, live notification. */
export const CHANNELS = ['inApp', 'email', 'push', 'discord', 'ntfy', 'gotify'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels delivered through the queue (everything but in-app). */
export type QueuedChannel = Exclude<Channel, 'inApp'>;

export type Preferences = Record<Kind, Channel[]>;

/**
 * Defaults for a user who never opened the settings page: everything in-app;
 * email and push for the things people ask to be told about. A channel the
 * user has not set up (no email address, no push subscription, no target) is
 * skipped at fan-out, so defaults never fail.
 */
export const DEFAULT_PREFERENCES: Preferences = {
  request: ['inApp', 'email', 'push', 'discord', 'ntfy', 'gotify'],
  followed: ['inApp', 'email', 'push', 'discord', 'ntfy', 'gotify'],
  episodes: ['inApp', 'push', 'discord', 'ntfy', 'gotify'],
  service: ['inApp', 'email', 'push', 'discord', 'ntfy', 'gotify'],
  announcement: ['inApp', 'email', 'push', 'discord', 'ntfy', 'gotify'],
  digest: ['inApp', 'email'],
};

/** The kind of a stored notification type (`request.available` → request). */
export function kindOfType(type: string): Kind {
  const prefix = type.split('.')[0];
  if (prefix === 'request') return 'request';
  if (prefix === 'follow') return 'followed';
  if (prefix === 'episodes') return 'episodes';
  if (prefix === 'service' || prefix === 'security' || prefix === 'settings') return 'service';
  if (prefix === 'announcement') return 'announcement';
  if (prefix === 'digest') return 'digest';
  return 'service';
}

/** Merges stored choices over the defaults, dropping unknown kinds and channels. */
export function normalisePreferences(stored: unknown): Preferences {
  const out: Preferences = { ...DEFAULT_PREFERENCES };
  if (stored && typeof stored === 'object') {
    for (const kind of KINDS) {
      const value = (stored as Record<string, unknown>)[kind];
      if (Array.isArray(value)) out[kind] = CHANNELS.filter((c) => value.includes(c));
    }
  }
  return out;
}
