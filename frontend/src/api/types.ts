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

/** A user in the admin's list. */
export type AdminUser = ResponseOf<'/api/v1/admin/users', 'get'>['items'][number];
/** What a user may see of the Plex server (their share, read from plex.tv), for admins. */
export type PlexShare = ResponseOf<'/api/v1/admin/users/{id}/plex-share/refresh', 'post'>;

/** The envelope of every paged list (its item type comes from the route's own response). */
export type Page<T> = Omit<ResponseOf<'/api/v1/admin/users', 'get'>, 'items'> & { items: T[] };

export type ErrorBody = components['schemas']['Error'];

// ---- auth
export type SessionResponse = ResponseOf<'/api/v1/auth/refresh', 'post'>;
export type LoginResponse = ResponseOf<'/api/v1/auth/login', 'post'>;
export type PlexPin = ResponseOf<'/api/v1/auth/plex/login', 'post'>;
/** What the PIN routes take back to finish (the callback, the link, an invitation's accept). */
export type PlexPinRef = RequestBodyOf<'/api/v1/auth/plex/callback', 'post'>;
/** `POST /auth/plex/callback`: 202 pending until approved, then 200 signed in (the client tags which). */
export type PlexCallbackResult = ResponseOf<'/api/v1/auth/plex/callback', 'post', 202> | ({ status: 'complete' } & ResponseOf<'/api/v1/auth/plex/callback', 'post'>);
/** `POST /auth/plex/link`: 202 pending until approved, then 200 with the updated user. */
export type PlexLinkResult = ResponseOf<'/api/v1/auth/plex/link', 'post', 202> | ({ status: 'complete' } & ResponseOf<'/api/v1/auth/plex/link', 'post'>);

// ---- Plex library
export type Library = ResponseOf<'/api/v1/plex/libraries', 'get'>['items'][number];
export type LibraryType = Library['type'];
export type MediaItem = ResponseOf<'/api/v1/plex/libraries/{id}/items', 'get'>['items'][number];
export type MediaItemDetail = ResponseOf<'/api/v1/plex/items/{id}', 'get'>;
export type Collection = ResponseOf<'/api/v1/plex/collections', 'get'>['items'][number];
export type LibrarySort = NonNullable<NonNullable<paths['/api/v1/plex/libraries/{id}/items']['get']['parameters']['query']>['sort']>;

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
export type DiscoverRow = paths['/api/v1/media/discover/{row}']['get']['parameters']['path']['row'];
/** A movie's or show's title page (both routes answer the same shape). */
export type TitleDetails = ResponseOf<'/api/v1/media/movie/{tmdbId}', 'get'> | ResponseOf<'/api/v1/media/tv/{tmdbId}', 'get'>;
export type RequestAction = TitleDetails['action'];
export type TitleSeason = TitleDetails['seasons'][number];
export type SeasonStatus = TitleSeason['status'];
export type Quota = ResponseOf<'/api/v1/media/quota', 'get'>;
export type QueueItem = ResponseOf<'/api/v1/admin/requests', 'get'>['items'][number];
export type QueueSort = NonNullable<NonNullable<paths['/api/v1/admin/requests']['get']['parameters']['query']>['sort']>;

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

export type OwnSession = ResponseOf<'/api/v1/auth/sessions', 'get'>['items'][number];
