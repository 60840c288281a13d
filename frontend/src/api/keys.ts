import type { LibrarySort, RequestStatus, UptimeRange } from './types';

/** Query keys, in one place so live updates and mutations invalidate the right caches. */
export const keys = {
  services: ['services'] as const,
  serviceHistory: (id: string, range: UptimeRange) => ['services', id, 'history', range] as const,
  libraries: ['plex', 'libraries'] as const,
  libraryItems: (id: string, page: number, sort: LibrarySort) => ['plex', 'library', id, page, sort] as const,
  item: (id: string) => ['plex', 'item', id] as const,
  collections: (libraryId?: string) => ['plex', 'collections', libraryId ?? 'all'] as const,
  collectionItems: (id: string, page: number) => ['plex', 'collection', id, page] as const,
  plexSearch: (q: string) => ['plex', 'search', q] as const,
  recentlyAdded: (limit: number) => ['plex', 'recently-added', limit] as const,
  mediaSearch: (q: string, page: number) => ['media', 'search', q, page] as const,
  discoverRow: (row: string) => ['media', 'discover', row] as const,
  title: (mediaType: string, tmdbId: number) => ['media', 'title', mediaType, tmdbId] as const,
  quota: ['media', 'quota'] as const,
  requestQueue: ['admin', 'request-queue'] as const,
  requests: ['media', 'requests'] as const,
  requestList: (status: RequestStatus | undefined, page: number, pageSize: number) =>
    ['media', 'requests', 'list', status ?? 'any', page, pageSize] as const,
  request: (id: string) => ['media', 'requests', 'detail', id] as const,
  notifications: ['notifications'] as const,
  notificationList: (page: number, pageSize: number) => ['notifications', page, pageSize] as const,
  adminUsers: (search: string, page: number) => ['admin', 'users', search, page] as const,
  auditLog: (page: number, category = '', actorId = '') => ['admin', 'audit-log', page, category, actorId] as const,
  settings: ['admin', 'settings'] as const,
  overseerrOutage: ['overseerr-outage'] as const,
};
