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
});
