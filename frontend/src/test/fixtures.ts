import type { Library, MediaItem, MediaRequest, Notification, SearchResult, Service, User } from '../api/types';
import { json, type Routes } from './fetchMock';

const now = Date.now();
export const iso = (msAgo = 0) => new Date(now - msAgo).toISOString();

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: 'u-alice',
    username: 'alice',
    email: 'alice@example.com',
    role: 'user',
    status: 'active',
    avatarUrl: null,
    plexLinked: true,
    mustChangePassword: false,
    createdAt: iso(86_400_000 * 30),
    lastLoginAt: iso(60_000),
    ...overrides,
  };
}
export const alice = makeUser();
export const admin = makeUser({ id: 'u-admin', username: 'admin', email: null, role: 'admin', plexLinked: false });

export function session(user: User, token = 'access-1') {
  return { user, accessToken: token, expiresAt: new Date(Date.now() + 15 * 60_000).toISOString() };
}

export const services: Service[] = [
  { id: 'plex', name: 'Plex', configured: true, source: 'medianest', status: 'up', responseTimeMs: 120, lastCheckedAt: iso(30_000), uptime: { h24: 1, d7: 0.998, d30: 0.99 } },
  { id: 'overseerr', name: 'Overseerr', configured: true, source: 'medianest', status: 'degraded', responseTimeMs: 2400, lastCheckedAt: iso(30_000), uptime: { h24: 0.95, d7: 0.97, d30: 0.98 } },
  { id: 'kuma-1', name: 'Router', configured: true, source: 'uptime-kuma', status: 'unknown', responseTimeMs: null, lastCheckedAt: null, uptime: { h24: null, d7: null, d30: null } },
];

export function makeRequest(overrides: Partial<MediaRequest> = {}): MediaRequest {
  return {
    id: 'r-1',
    userId: alice.id,
    tmdbId: 603,
    mediaType: 'movie',
    title: 'The Matrix',
    year: 1999,
    posterUrl: null,
    status: 'pending',
    seasons: null,
    overseerrRequestId: 12,
    createdAt: iso(3_600_000),
    updatedAt: iso(3_600_000),
    completedAt: null,
    ...overrides,
  };
}

export function makeItem(overrides: Partial<MediaItem> = {}): MediaItem {
  return {
    id: 'i-1',
    libraryId: 'lib-movies',
    type: 'movie',
    title: 'Arrival',
    year: 2016,
    thumbUrl: '/api/v1/plex/image?path=%2Flibrary%2Fmetadata%2F1%2Fthumb&exp=1&sig=abc',
    addedAt: iso(7_200_000),
    guids: { tmdb: '329865' },
    ...overrides,
  };
}

export const libraries: Library[] = [
  { id: 'lib-movies', title: 'Movies', type: 'movie' },
  { id: 'lib-shows', title: 'TV Shows', type: 'show' },
];

export function makeNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: 'n-1',
    type: 'request.approved',
    title: 'Request approved',
    message: 'The Matrix was approved.',
    readAt: null,
    createdAt: iso(600_000),
    ...overrides,
  };
}

export function makeResult(overrides: Partial<SearchResult> = {}): SearchResult {
  return {
    tmdbId: 1399,
    mediaType: 'tv',
    title: 'Game of Thrones',
    year: 2011,
    posterUrl: null,
    overview: 'Nine noble families fight for control.',
    status: 'not_requested',
    ...overrides,
  };
}

const page = <T,>(items: T[]) => ({ items, total: items.length, page: 1, pageSize: 20 });

/** Answers for everything a signed-in page loads in the background. */
export function baseRoutes(): Routes {
  return {
    'POST /api/v1/auth/refresh': json(401, { error: { code: 'UNAUTHENTICATED', message: 'No session' } }),
    'GET /api/v1/services': json(200, { items: services }),
    'GET /api/v1/notifications': json(200, { ...page([makeNotification()]), unreadCount: 1 }),
    'GET /api/v1/media/requests': json(200, page([makeRequest()])),
    'GET /api/v1/plex/recently-added': json(200, { items: [makeItem()] }),
    'GET /api/v1/follows': json(200, page([])),
    'GET /api/v1/plex/libraries': json(200, { items: libraries }),
    'GET /api/v1/plex/collections': json(200, { items: [] }),
    'GET /api/v1/plex/search': json(200, { items: [] }),
    'POST /api/v1/auth/logout': json(204),
  };
}
