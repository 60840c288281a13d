import type { AuditEntry } from '../../api/types';

type Details = Record<string, unknown>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

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
      return `${actor} changed the settings${Array.isArray(d.fields) && d.fields.length ? ` (${d.fields.join(', ')})` : ''}`;
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
