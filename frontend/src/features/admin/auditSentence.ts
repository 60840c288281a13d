import type { AuditEntry } from '../../api/types';

type Details = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const day = (v: unknown): string | undefined => (text(v) ? text(v)!.slice(0, 10) : undefined);

/** Settings saves: the setup checklist's Plex server picker reads as connecting that server. */
function settingsChange(actor: string, d: Details): string {
  if (d.via === 'plex_server_picker') {
    const server = (d.server ?? {}) as Details;
    const name = text(server.name) ?? text(server.machineIdentifier) ?? 'a Plex server';
    const urls = (d.urls ?? {}) as Record<string, { to?: unknown } | undefined>;
    const address = text(urls['plex.serverUrl']?.to);
    return `${actor} connected the Plex server ${name}${address ? ` at ${address}` : ''}${d.savedAnyway === true ? ', saved although its connection test failed' : ''}`;
  }
  return `${actor} changed the settings${Array.isArray(d.fields) && d.fields.length ? ` (${d.fields.join(', ')})` : ''}`;
}

function userChange(actor: string, target: string, d: Details): string {
  const changes = (d.changes ?? {}) as Record<string, { from: string; to: string } | undefined>;
  const parts: string[] = [];
  if (changes.status) parts.push(`${changes.status.to === 'suspended' ? 'suspended' : 'reactivated'} ${target}`);
  if (changes.role) parts.push(`made ${target} ${changes.role.to === 'admin' ? 'an admin' : 'a regular user'}`);
  return `${actor} ${parts.length > 0 ? parts.join(' and ') : `changed ${target}`}`;
}

/** An audit entry as a sentence: "alice requested The Matrix", "admin suspended bob". */
export function auditSentence(entry: AuditEntry, names: Map<string, string>): string {
  const d = (entry.details && typeof entry.details === 'object' ? entry.details : {}) as Details;
  const actor = entry.actorId ? (names.get(entry.actorId) ?? 'a deleted user') : 'Someone';
  const target = text(d.username) ?? (entry.targetType === 'user' && entry.targetId ? (names.get(entry.targetId) ?? 'a deleted user') : 'a user');
  switch (entry.action) {
    case 'auth.login':
      return `${actor} signed in${d.method === 'plex' ? ' with Plex' : d.method === 'password' ? ' with a password' : ''}`;
    case 'auth.login_failed':
      return `${actor} could not sign in${d.reason === 'suspended' ? ': the account is suspended' : ''}`;
    case 'auth.login_locked':
      return `Sign-in for ${text(d.username) ?? 'a user'} was locked after too many wrong passwords`;
    case 'auth.logout':
      return `${actor} signed out`;
    case 'auth.password_changed':
      return `${actor} changed their password`;
    case 'auth.password_change_failed':
      return `${actor} gave a wrong current password when changing it`;
    case 'auth.plex_linked':
      return `${actor} linked the Plex account ${text(d.plexUsername) ?? ''}`.trim();
    case 'auth.plex_access_denied':
      return `Plex account ${text(d.plexUsername) ?? '(unknown)'} was refused: the server is not shared with it`;
    case 'auth.refresh_token_reuse':
      return `A stolen or replayed sign-in of ${actor} was detected; that session was ended`;
    case 'admin.settings_updated':
      return settingsChange(actor, d);
    case 'admin.plex_friends_imported':
      return `${actor} imported Plex friends (${Number(d.imported) || 0} new, ${Number(d.updated) || 0} updated)`;
    case 'admin.plex_share_refreshed':
      return `${actor} re-read the Plex share of ${target}`;
    case 'auth.plex_access_removed':
      return `${target} lost access: the Plex server is no longer shared with them`;
    case 'notifications.settings_changed':
      return `${actor} changed the notification settings${Array.isArray(d.fields) && d.fields.length ? ` (${d.fields.join(', ')})` : ''}`;
    case 'notifications.announcement':
      return `${actor} sent the announcement “${text(d.title) ?? 'untitled'}”`;
    case 'invite.created':
      return `${actor} created an invitation${typeof d.accessDays === 'number' ? ` for ${d.accessDays} days of access` : ''}`;
    case 'invite.revoked':
      return `${actor} revoked an invitation`;
    case 'invite.accepted':
      return `${text(d.plexUsername) ?? actor} accepted an invitation${day(d.expiresAt) ? ` (access until ${day(d.expiresAt)})` : ''}`;
    case 'membership.updated':
      return `${actor} changed the access of ${target}${day(d.expiresAt) ? ` (until ${day(d.expiresAt)})` : d.expiresAt === null ? ' (no end date)' : ''}`;
    case 'admin.user_updated':
      return userChange(actor, target, d);
    case 'admin.user_deleted':
      return `${actor} deleted ${target}`;
    case 'admin.request_approved':
      return `${actor} approved ${text(d.title) ?? 'a request'}${text(d.requester) ? ` for ${text(d.requester)}` : ''}`;
    case 'admin.request_declined':
      return `${actor} declined ${text(d.title) ?? 'a request'}${text(d.requester) ? ` for ${text(d.requester)}` : ''}`;
    case 'media.requested': {
      const seasons = Array.isArray(d.seasons) ? ` (season${d.seasons.length === 1 ? '' : 's'} ${d.seasons.join(', ')})` : d.seasons === 'all' ? ' (all seasons)' : '';
      return `${actor} requested ${text(d.title) ?? 'a title'}${seasons}`;
    }
    default:
      return `${actor}: ${entry.action.replace(/[._]/g, ' ')}`;
  }
}
