import { screen } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import type { User } from './api/types';
import { json } from './test/fetchMock';
import { admin, alice, makeItem, makeRequest, makeResult } from './test/fixtures';
import { renderApp } from './test/renderApp';

const routes = {
  'GET /api/v1/media/search': json(200, { results: [makeResult(), makeResult({ tmdbId: 2, mediaType: 'movie', title: 'Dune', status: 'available' })], page: 1, totalPages: 2 }),
  'GET /api/v1/plex/libraries/lib-movies/items': json(200, { items: [makeItem(), makeItem({ id: 'i-2', title: 'Heat' })], total: 40, page: 1, pageSize: 30 }),
  'GET /api/v1/plex/items/i-show': json(200, {
    ...makeItem({ id: 'i-show', type: 'show', title: 'Severance' }),
    summary: 'Office workers with split memories.',
    children: [makeItem({ id: 's1', type: 'season', title: 'Season 1' }), makeItem({ id: 's2', type: 'season', title: 'Season 2' })],
  }),
  'GET /api/v1/media/requests/r-1': json(200, { ...makeRequest(), history: [{ status: 'pending', at: makeRequest().createdAt }] }),
  'GET /api/v1/admin/users': json(200, { items: [admin, alice], total: 2, page: 1, pageSize: 20 }),
  'GET /api/v1/admin/settings': json(200, {
    plex: { serverUrl: 'http://plex:32400', tokenSet: true, managedByEnv: true },
    overseerr: { url: null, apiKeySet: false, webhookSecretSet: false, managedByEnv: false },
    uptimeKuma: { url: null, statusPage: null, managedByEnv: false },
  }),
  'GET /api/v1/notifications/settings': json(200, {
    preferences: { request: ['inApp'], followed: ['inApp', 'email'], episodes: ['inApp'], service: ['inApp'], announcement: ['inApp'], digest: ['email'] },
    targets: { discord: null, ntfy: { url: 'https://ntfy.sh', topic: 'alice', hasToken: false }, gotify: null },
    digestOptOut: false,
    email: { available: true },
    push: { subscriptions: 1 },
  }),
  'GET /api/v1/follows': json(200, { items: [{ tmdbId: 603, mediaType: 'movie', title: 'The Matrix', source: 'manual', createdAt: makeRequest().createdAt, availableNotifiedAt: null, posterUrl: null, state: 'approved' }], total: 1, page: 1, pageSize: 50 }),
  'GET /api/v1/media/quota': json(200, {
    overseerr: { movie: { limit: 5, used: 1, remaining: 4, days: 7, restricted: false }, tv: { limit: 0, used: 0, remaining: null, days: null, restricted: false } },
    hourly: { limit: 10, used: 1, remaining: 9, resetsAt: new Date(Date.now() + 30 * 60_000).toISOString() },
  }),
  'GET /api/v1/membership': json(200, {
    membership: { userId: 'u-alice', plexUserId: '2002', allLibraries: true, libraryIds: [], libraries: null, allowSync: false, expiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString(), endedAt: null, endedReason: null, inviteId: 'i-1', createdAt: makeRequest().createdAt },
  }),
  'GET /api/v1/auth/sessions': json(200, { items: [{ id: 's-1', createdAt: makeRequest().createdAt, lastUsedAt: makeRequest().createdAt, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0', ip: null, current: true }] }),
  'GET /api/v1/digest': json(200, { since: makeRequest().createdAt, until: makeRequest().createdAt, added: [{ title: 'Heat', type: 'movie', link: '/item/i-2' }], available: [], following: [{ title: 'The Matrix', mediaType: 'movie', tmdbId: 603, status: 'approved' }] }),
  'GET /api/v1/admin/notifications/settings': json(200, {
    smtp: { host: 'smtp.example.com', port: 587, tls: 'starttls', user: 'mailer', passwordSet: true, from: 'MediaNest <m@example.com>', managedByEnv: false },
    serverName: 'MediaNest',
    digest: { enabled: true, day: 1 },
    discordWebhookSet: false,
    vapidPublicKey: null,
    deliveries: { sent: 3, failed: 1 },
  }),
  'GET /api/v1/admin/notifications/deliveries': json(200, { items: [{ id: 'd1', userId: 'u-alice', channel: 'email', status: 'failed', attempts: 6, lastError: 'SMTP refused the message (550)', runAt: makeRequest().createdAt, createdAt: makeRequest().createdAt, finishedAt: null, title: 'Dune is available' }], total: 1, page: 1, pageSize: 50 }),
  'GET /api/v1/admin/audit-log': json(200, {
    items: [{ id: 'a1', actorId: 'u-admin', action: 'user.login', targetType: 'user', targetId: 'u-admin', details: { method: 'password' }, createdAt: makeRequest().createdAt, ip: '10.0.0.2' }],
    total: 1,
    page: 1,
    pageSize: 20,
  }),
  'GET /api/v1/admin/invites': json(200, {
    items: [{ id: 'i-1', code: 'ABCD-EFGH-JKMN', url: 'https://m.example/invite/ABCD-EFGH-JKMN', status: 'active', libraryIds: [], allLibraries: true, role: 'user', allowSync: false, note: 'Family', expiresAt: null, maxUses: 1, uses: 0, accessDays: null, revokedAt: null, createdAt: makeRequest().createdAt, createdBy: 'admin' }],
    total: 1,
    page: 1,
    pageSize: 100,
  }),
  'GET /api/v1/invites/ABCD-EFGH-JKMN': json(200, {
    invitedBy: { username: 'sam', avatarUrl: null }, allLibraries: true, libraries: null, role: 'user', allowSync: false, note: null, linkExpiresAt: null, accessDays: 30, accessUntil: makeRequest().createdAt,
  }),
  'GET /api/v1/admin/users/u-alice/access': json(200, {
    userId: 'u-alice', plexUserId: '2002', allLibraries: false, libraryIds: ['lib-movies'], libraries: [{ id: 'lib-movies', title: 'Movies', type: 'movie' }], allowSync: false, expiresAt: makeRequest().createdAt, endedAt: null, endedReason: null, inviteId: null, createdAt: makeRequest().createdAt,
  }),
};

const pages: [string, User | undefined, string | RegExp][] = [
  ['/sign-in', undefined, 'Sign in to MediaNest'],
  ['/change-password', { ...admin, mustChangePassword: true }, 'Choose a new password'],
  ['/', alice, /alice/],
  ['/library', alice, 'Library'],
  ['/library/lib-movies', alice, 'Movies'],
  ['/item/i-show', alice, 'Severance'],
  ['/discover?q=dune', alice, 'Results for "dune"'],
  ['/requests', alice, 'My requests'],
  ['/requests/r-1', alice, /The Matrix/],
  ['/notifications', alice, 'Notifications'],
  ['/help', alice, 'Help'],
  ['/profile', alice, 'Your profile'],
  ['/admin/users', admin, 'Admin'],
  ['/admin/settings', admin, /^Plex/],
  ['/admin/audit-log', admin, 'Admin'],
  ['/notifications/settings', alice, 'Notification settings'],
  ['/following', alice, 'Following'],
  ['/digest', alice, 'Your week'],
  ['/admin/notifications', admin, 'Admin'],
  ['/admin/invitations', admin, 'Admin'],
  ['/admin/users/u-alice/access', admin, 'Admin'],
  ['/invite/ABCD-EFGH-JKMN', undefined, 'sam invites you to their Plex server'],
  ['/nowhere', alice, 'Page not found'],
];

describe('Accessibility (axe-core)', () => {
  it.each(pages)('%s has no serious or critical violations', async (path, user, heading) => {
    renderApp(path, { user, routes });
    await screen.findByRole('heading', { name: heading, level: path === '/admin/settings' ? 2 : 1 });
    // Let the page's remaining queries settle so the whole page is checked.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const result = await axe.run(document.body, { resultTypes: ['violations'] });
    const severe = result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
    expect(severe).toEqual([]);
  });
});

