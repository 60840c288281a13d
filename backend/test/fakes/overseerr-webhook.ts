/**
 * Overseerr's webhook agent, reproduced (docs/UPSTREAMS.md D): the default JSON template and the
 * `parseKeys` expansion, so the fake sends byte-for-byte what Overseerr would.
 */
import { MediaStatus, Notification, enumName } from './overseerr-model';

export type WebhookType = keyof typeof Notification;

/** docs/UPSTREAMS.md D "Default template" (decoded from the base64 in [OS] lib/settings.ts). */
export const DEFAULT_WEBHOOK_TEMPLATE = {
  notification_type: '{{notification_type}}', event: '{{event}}', subject: '{{subject}}', message: '{{message}}', image: '{{image}}',
  '{{media}}': { media_type: '{{media_type}}', tmdbId: '{{media_tmdbid}}', tvdbId: '{{media_tvdbid}}', status: '{{media_status}}', status4k: '{{media_status4k}}' },
  '{{request}}': {
    request_id: '{{request_id}}', requestedBy_email: '{{requestedBy_email}}', requestedBy_username: '{{requestedBy_username}}',
    requestedBy_avatar: '{{requestedBy_avatar}}', requestedBy_settings_discordId: '{{requestedBy_settings_discordId}}',
    requestedBy_settings_telegramChatId: '{{requestedBy_settings_telegramChatId}}',
  },
  '{{issue}}': {
    issue_id: '{{issue_id}}', issue_type: '{{issue_type}}', issue_status: '{{issue_status}}', reportedBy_email: '{{reportedBy_email}}',
    reportedBy_username: '{{reportedBy_username}}', reportedBy_avatar: '{{reportedBy_avatar}}', reportedBy_settings_discordId: '{{reportedBy_settings_discordId}}',
    reportedBy_settings_telegramChatId: '{{reportedBy_settings_telegramChatId}}',
  },
  '{{comment}}': {
    comment_message: '{{comment_message}}', commentedBy_email: '{{commentedBy_email}}', commentedBy_username: '{{commentedBy_username}}',
    commentedBy_avatar: '{{commentedBy_avatar}}', commentedBy_settings_discordId: '{{commentedBy_settings_discordId}}',
    commentedBy_settings_telegramChatId: '{{commentedBy_settings_telegramChatId}}',
  },
  '{{extra}}': [],
};

interface PayloadUser {
  displayName: string;
  email: string;
  avatar: string;
  settings?: { discordId?: string; telegramChatId?: string };
}

/** The agent's NotificationPayload, reduced to what the KeyMap reads. */
export interface NotificationPayload {
  event?: string;
  subject: string;
  message?: string;
  image?: string;
  notifyUser?: PayloadUser;
  /** `statusNames`: a flavour's own enum names where they differ (Seerr's BLOCKLISTED). */
  media?: { mediaType: string; tmdbId: number; tvdbId: number | null; status: number; status4k: number; statusNames?: Record<number, string> };
  request?: { id: number; requestedBy: PayloadUser };
  extra?: Array<{ name: string; value: string }>;
}

type KeyMapValue = string | ((payload: NotificationPayload, type: WebhookType) => string);

const ISSUE_PATHS = ['email', 'username', 'avatar', 'settings_discordId', 'settings_telegramChatId'];

/** docs/UPSTREAMS.md D "KeyMap". Issues and comments are never produced by this fake, so they render ''. */
const KEY_MAP: Record<string, KeyMapValue> = {
  notification_type: (_payload, type) => type,
  event: 'event',
  subject: 'subject',
  message: 'message',
  image: 'image',
  notifyuser_username: 'notifyUser.displayName',
  notifyuser_email: 'notifyUser.email',
  notifyuser_avatar: 'notifyUser.avatar',
  notifyuser_settings_discordId: 'notifyUser.settings.discordId',
  notifyuser_settings_telegramChatId: 'notifyUser.settings.telegramChatId',
  media_tmdbid: 'media.tmdbId',
  media_tvdbid: 'media.tvdbId',
  media_type: 'media.mediaType',
  media_status: (p) => (p.media ? (p.media.statusNames?.[p.media.status] ?? enumName(MediaStatus, p.media.status)) : ''),
  media_status4k: (p) => (p.media ? (p.media.statusNames?.[p.media.status4k] ?? enumName(MediaStatus, p.media.status4k)) : ''),
  request_id: 'request.id',
  requestedBy_username: 'request.requestedBy.displayName',
  requestedBy_email: 'request.requestedBy.email',
  requestedBy_avatar: 'request.requestedBy.avatar',
  requestedBy_settings_discordId: 'request.requestedBy.settings.discordId',
  requestedBy_settings_telegramChatId: 'request.requestedBy.settings.telegramChatId',
  issue_id: 'issue.id',
  issue_type: () => '',
  issue_status: () => '',
  ...Object.fromEntries(ISSUE_PATHS.map((k) => [`reportedBy_${k}`, `issue.createdBy.${k.replace('_', '.')}`])),
  comment_message: 'comment.message',
  ...Object.fromEntries(ISSUE_PATHS.map((k) => [`commentedBy_${k}`, `comment.user.${k.replace('_', '.')}`])),
};

const ENTITY_KEYS: Record<string, 'media' | 'request' | 'issue' | 'comment'> = {
  '{{media}}': 'media', '{{request}}': 'request', '{{issue}}': 'issue', '{{comment}}': 'comment',
};

/** Renders a template the way [OS] agents/webhook.ts `parseKeys` does. */
export function renderWebhookPayload(template: unknown, payload: NotificationPayload, type: WebhookType): Record<string, unknown> {
  return parseKeys(structuredClone(template) as Record<string, unknown>, payload, type);
}

function parseKeys(target: Record<string, unknown>, payload: NotificationPayload, type: WebhookType): Record<string, unknown> {
  for (const originalKey of Object.keys(target)) {
    let key = originalKey;
    const entity = ENTITY_KEYS[key];
    if (key === '{{extra}}') {
      // Deleting and re-adding moves the renamed keys to the end, as in Overseerr.
      delete target[key];
      key = 'extra';
      target[key] = payload.extra ?? [];
    } else if (entity) {
      const value = target[key];
      delete target[key];
      key = entity;
      target[key] = (payload as unknown as Record<string, unknown>)[entity] ? value : null;
    }
    const value = target[key];
    if (typeof value === 'string') {
      let text = value;
      for (const [name, source] of Object.entries(KEY_MAP)) {
        // String.replace: only the first occurrence, and `$` patterns apply, as in the original.
        text = text.replace(`{{${name}}}`, typeof source === 'function' ? source(payload, type) : String(lookup(payload, source) ?? ''));
      }
      target[key] = text;
    } else if (value && typeof value === 'object') {
      target[key] = parseKeys(value as Record<string, unknown>, payload, type);
    }
  }
  return target;
}

/** lodash `get`. */
function lookup(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const part of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** lodash `truncate(text, {length: 500, separator: /\s/, omission: '…'})` as used for `message`. */
export function truncateOverview(text: string, length = 500): string {
  if (text.length <= length) return text;
  const end = length - 1;
  let result = text.slice(0, end);
  if (text.slice(end).search(/\s/) !== 0) {
    let newEnd: number | undefined;
    for (const match of result.matchAll(/\s/g)) newEnd = match.index;
    result = result.slice(0, newEnd ?? end);
  }
  return `${result}…`;
}
