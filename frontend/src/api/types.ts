// Types of the public HTTP and Socket.IO contract. The HTTP ones are derived from
// schema.gen.ts, which is generated from the server's OpenAPI document
// (`npm run api:generate`), so they cannot drift from what the server sends.
import type { components, paths } from './schema.gen';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The JSON body a route answers with for a status (200 by default). */
export type ResponseOf<P extends keyof paths, M extends Method & keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? R[S] extends { content: { 'application/json': infer T } }
      ? T
      : never
    : never
  : never;
/** The JSON body a route takes. */
export type RequestBodyOf<P extends keyof paths, M extends Method & keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } };
}
  ? T
  : never;

/** Every error code the server answers with (the enum of the OpenAPI document's Error schema). */
export type ErrorCode = components['schemas']['Error']['error']['code'];

export type User = ResponseOf<'/api/v1/auth/me', 'get'>['user'];
export type Role = User['role'];
export type UserStatus = User['status'];

/** What a user may see of the Plex server (their share, read from plex.tv), for admins. */
export interface PlexShare {
  access: 'everything' | 'owner' | 'shared' | 'none' | 'unknown';
  allLibraries: boolean;
  libraries: Array<{ id: string; title: string }>;
  restrictions: { movies: string; television: string; music: string };
  checkedAt: string | null;
}

/** A user in the admin's list. */
export interface AdminUser extends User {
  plexShare: PlexShare;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type ErrorBody = components['schemas']['Error'];

// ---- auth
export type SessionResponse = ResponseOf<'/api/v1/auth/refresh', 'post'>;
export type LoginResponse = ResponseOf<'/api/v1/auth/login', 'post'>;
export interface PlexPin {
  pinId: string | number;
  pinToken: string;
  code: string;
  authUrl: string;
  expiresAt: string;
}
export type PlexCallbackResult = { status: 'pending' } | ({ status: 'complete' } & SessionResponse);
/** `POST /auth/plex/link`: 202 pending until approved, then 200 with the updated user. */
export type PlexLinkResult = { status: 'pending' } | { status: 'complete'; user: User };

// ---- Plex library
export type Library = ResponseOf<'/api/v1/plex/libraries', 'get'>['items'][number];
export type LibraryType = Library['type'];
export type MediaItem = ResponseOf<'/api/v1/plex/libraries/{id}/items', 'get'>['items'][number];
export type MediaItemDetail = ResponseOf<'/api/v1/plex/items/{id}', 'get'>;
export type Collection = ResponseOf<'/api/v1/plex/collections', 'get'>['items'][number];
export type LibrarySort = 'title' | 'addedAt' | 'year';

// ---- media requests
export type MediaRequest = ResponseOf<'/api/v1/media/requests', 'get'>['items'][number];
/** A title you follow, with its poster and state (from the requests for it). */
export type FollowedTitle = ResponseOf<'/api/v1/follows', 'get'>['items'][number];
export type MediaType = MediaRequest['mediaType'];
export type RequestStatus = MediaRequest['status'];
export const REQUEST_STATUSES: RequestStatus[] = [
  'pending',
  'approved',
  'processing',
  'partially_available',
  'available',
  'declined',
  'failed',
  'deleted',
];
export type Seasons = MediaRequest['seasons'];
export type SearchResponse = ResponseOf<'/api/v1/media/search', 'get'>;
export type SearchResult = SearchResponse['results'][number];
export type Availability = SearchResult['status'];
export type MediaRequestDetail = ResponseOf<'/api/v1/media/requests/{id}', 'get'>;
export type CreateRequestInput = RequestBodyOf<'/api/v1/media/requests', 'post'>;
export type DiscoverRow = 'trending' | 'popular-movies' | 'popular-tv' | 'upcoming-movies' | 'upcoming-tv';
export type RequestAction = 'request' | 'request_more' | 'requested' | 'available' | 'declined';
export type SeasonStatus = 'available' | 'partially_available' | 'processing' | 'requested' | 'not_requested';
export interface TitleSeason {
  seasonNumber: number;
  name: string;
  episodeCount: number | null;
  airDate: string | null;
  status: SeasonStatus;
  requestable: boolean;
}
export interface TitleDetails extends SearchResult {
  releaseDate: string | null;
  genres: string[];
  runtimeMinutes: number | null;
  rating: number | null;
  cast: Array<{ name: string; character: string | null; profileUrl: string | null }>;
  trailerUrl: string | null;
  plexUrl: string | null;
  action: RequestAction;
  seasons: TitleSeason[];
}
interface QuotaPart {
  limit: number;
  used: number;
  remaining: number | null;
  days: number | null;
  restricted: boolean;
}
export interface Quota {
  overseerr: { movie: QuotaPart; tv: QuotaPart } | null;
  hourly: { limit: number; used: number; remaining: number; resetsAt: string | null };
}
export interface QueueItem extends MediaRequest {
  user: { id: string; username: string };
}
export type QueueSort = 'newest' | 'oldest' | 'updated';

// ---- notifications
export type NotificationPage = ResponseOf<'/api/v1/notifications', 'get'>;
export type Notification = NotificationPage['items'][number];

// ---- services
export type Service = ResponseOf<'/api/v1/services', 'get'>['items'][number];
export type ServiceState = Service['status'];
export type UptimeRange = NonNullable<NonNullable<paths['/api/v1/services/{id}/history']['get']['parameters']['query']>['range']>;
export type ServicePoint = ResponseOf<'/api/v1/services/{id}/history', 'get'>['items'][number];

// ---- admin
export type AuditEntry = ResponseOf<'/api/v1/admin/audit-log', 'get'>['items'][number];
export type Settings = ResponseOf<'/api/v1/admin/settings', 'get'>;
/** Partial update; secrets are write-only: omitted = unchanged, null = cleared. */
export type SettingsUpdate = RequestBodyOf<'/api/v1/admin/settings', 'put'>;

// ---- Socket.IO events (server → client)
export interface ServiceStatusEvent {
  id: string;
  status: ServiceState;
  responseTimeMs: number | null;
  lastCheckedAt: string;
}
export interface NotificationEvent {
  id: string;
  type: string;
  title: string;
  message: string;
  createdAt: string;
}
export interface ServerEvents {
  'service:status': (event: ServiceStatusEvent) => void;
  'request:updated': (request: MediaRequest) => void;
  notification: (event: NotificationEvent) => void;
}

// ---- setup checklist
export type SetupStatus = ResponseOf<'/api/v1/admin/setup', 'get'>;
export type SetupStep = SetupStatus['plex'];
export type ConnectionTestInput = RequestBodyOf<'/api/v1/admin/setup/test', 'post'>;
export type SetupService = ConnectionTestInput['service'];
export type ConnectionTestResult = ResponseOf<'/api/v1/admin/setup/test', 'post'>;
/** A Plex server the admin's linked Plex account owns, with its addresses (never a token). */
export type OwnedPlexServer = ResponseOf<'/api/v1/admin/setup/plex-servers', 'get'>['servers'][number];
export type PlexServerConnection = OwnedPlexServer['connections'][number];
export type PlexServerChoice = RequestBodyOf<'/api/v1/admin/setup/plex-server', 'post'>;
export type PlexServerChoiceResult = ResponseOf<'/api/v1/admin/setup/plex-server', 'post'>;

export interface OwnSession {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}
