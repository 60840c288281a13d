import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../api/types';
import { auditSentence } from './auditSentence';

const names = new Map([
  ['u-admin', 'admin'],
  ['u-alice', 'alice'],
]);
const entry = (action: string, details: unknown, actorId: string | null = 'u-admin'): AuditEntry => ({
  id: 'a1',
  actorId,
  action,
  targetType: 'user',
  targetId: 'u-bob',
  details,
  createdAt: '2026-12-05T01:00:00.000Z',
  ip: null,
});

describe('audit log sentences', () => {
  it('reads as sentences', () => {
    expect(auditSentence(entry('media.requested', { title: 'The Matrix', mediaType: 'movie' }, 'u-alice'), names)).toBe('alice requested The Matrix');
    expect(auditSentence(entry('media.requested', { title: 'Game of Thrones', seasons: [4, 5] }, 'u-alice'), names)).toBe('alice requested Game of Thrones (seasons 4, 5)');
    expect(auditSentence(entry('admin.user_updated', { username: 'bob', changes: { status: { from: 'active', to: 'suspended' } } }), names)).toBe('admin suspended bob');
    expect(auditSentence(entry('admin.user_updated', { username: 'bob', changes: { role: { from: 'user', to: 'admin' } } }), names)).toBe('admin made bob an admin');
    expect(auditSentence(entry('admin.request_approved', { title: 'Inception', requester: 'alice' }), names)).toBe('admin approved Inception for alice');
    expect(auditSentence(entry('auth.login', { method: 'plex' }, 'u-alice'), names)).toBe('alice signed in with Plex');
  });

  it('reads the Plex server picker’s save as connecting that server', () => {
    const picked = { fields: ['plex.serverUrl', 'plex.token'], urls: { 'plex.serverUrl': { from: null, to: 'https://10-0-0-5.abc.plex.direct:32400' } }, via: 'plex_server_picker', server: { name: 'Home Server', machineIdentifier: 'abc123' } };
    expect(auditSentence(entry('admin.settings_updated', picked), names)).toBe('admin connected the Plex server Home Server at https://10-0-0-5.abc.plex.direct:32400');
    expect(auditSentence(entry('admin.settings_updated', { ...picked, savedAnyway: true, testCause: 'timeout' }), names)).toBe(
      'admin connected the Plex server Home Server at https://10-0-0-5.abc.plex.direct:32400, saved although its connection test failed',
    );
    expect(auditSentence(entry('admin.settings_updated', { via: 'plex_server_picker', server: { name: '', machineIdentifier: 'abc123' } }), names)).toBe('admin connected the Plex server abc123');
    // A save from the settings form still lists its fields.
    expect(auditSentence(entry('admin.settings_updated', { fields: ['overseerr.url'] }), names)).toBe('admin changed the settings (overseerr.url)');
  });

  it('reads invitations, access and announcements as sentences', () => {
    expect(auditSentence(entry('notifications.announcement', { id: 'x', title: 'Plex maintenance tonight' }), names)).toBe('admin sent the announcement “Plex maintenance tonight”');
    expect(auditSentence(entry('invite.created', { role: 'user', accessDays: 30 }), names)).toBe('admin created an invitation for 30 days of access');
    expect(auditSentence(entry('invite.accepted', { plexUsername: 'newcomer', expiresAt: '2027-01-04T10:00:00.000Z' }, null), names)).toBe('newcomer accepted an invitation (access until 2027-01-04)');
    expect(auditSentence(entry('membership.updated', { expiresAt: '2027-02-01T00:00:00.000Z' }), new Map([...names, ['u-bob', 'bob']]))).toBe('admin changed the access of bob (until 2027-02-01)');
    expect(auditSentence(entry('admin.plex_friends_imported', { imported: 2, updated: 1, skipped: 0 }), names)).toBe('admin imported Plex friends (2 new, 1 updated)');
  });
});
