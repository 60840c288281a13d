// Types of the public HTTP and Socket.IO contract (shared/API.md). Keep in step with it.

export type Role = 'user' | 'admin';
export type UserStatus = 'active' | 'suspended';

export interface User {
  id: string;
  username: string;
  email: string | null;
  role: Role;
  status: UserStatus;
  avatarUrl: string | null;
  plexLinked: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: unknown[];
    requestId?: string;
    service?: string;
  };
}

// ---- auth
export interface SessionResponse {
  user: User;
  accessToken: string;
  expiresAt: string;
}
export interface LoginResponse extends SessionResponse {
  mustChangePassword: boolean;
}
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
export type LibraryType = 'movie' | 'show' | 'artist' | 'photo';
export interface Library {
  id: string;
  title: string;
  type: LibraryType;
}
export interface MediaItem {
  id: string;
  libraryId: string;
  type: string;
  title: string;
  year: number | null;
  thumbUrl: string | null;
  addedAt: string | null;
  guids: { tmdb?: string; imdb?: string; tvdb?: string };
}
export interface MediaItemDetail extends MediaItem {
  summary: string | null;
  children?: MediaItem[];
  runtimeMinutes?: number | null;
  genres?: string[];
  rating?: number | null;
  contentRating?: string | null;
  cast?: Array<{ name: string; character: string | null }>;
}
export interface Collection {
  id: string;
  title: string;
  childCount: number;
  thumbUrl: string | null;
}
export type LibrarySort = 'title' | 'addedAt' | 'year';

// ---- media requests
export type MediaType = 'movie' | 'tv';
export type RequestStatus =
  | 'pending'
  | 'approved'
  | 'processing'
  | 'partially_available'
  | 'available'
  | 'declined'
  | 'failed';
export const REQUEST_STATUSES: RequestStatus[] = [
  'pending',
  'approved',
  'processing',
  'partially_available',
  'available',
  'declined',
  'failed',
];
export type Availability = 'available' | 'partially_available' | 'processing' | 'requested' | 'not_requested';
export type Seasons = number[] | 'all' | null;

export interface SearchResult {
  tmdbId: number;
  mediaType: MediaType;
  title: string;
  year: number | null;
  posterUrl: string | null;
  overview: string | null;
  status: Availability;
  requestId?: string;
  /** The user's own latest request for it (a declined one reads "Declined", never "Not requested"). */
  requestStatus?: RequestStatus;
  /** The Plex item when the title is already in the library. */
  libraryItemId?: string;
  backdropUrl?: string | null;
}
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
export interface SearchResponse {
  results: SearchResult[];
  page: number;
  totalPages: number;
}
export interface MediaRequest {
  id: string;
  userId: string;
  tmdbId: number | null;
  mediaType: MediaType;
  title: string;
  year: number | null;
  posterUrl: string | null;
  status: RequestStatus;
  seasons: Seasons;
  overseerrRequestId: number | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}
export interface MediaRequestDetail extends MediaRequest {
  history: { status: RequestStatus; at: string }[];
}
export interface CreateRequestInput {
  tmdbId: number;
  mediaType: MediaType;
  seasons?: number[] | 'all';
}

// ---- notifications
export interface Notification {
  id: string;
  type: string;
  title: string;
  message: string;
  readAt: string | null;
  createdAt: string;
  data?: unknown;
}
export interface NotificationPage extends Page<Notification> {
  unreadCount: number;
}

// ---- services
export type ServiceState = 'up' | 'down' | 'degraded' | 'unknown';
export type UptimeRange = '24h' | '7d' | '30d';
export interface Service {
  id: string;
  name: string;
  url?: string;
  status: ServiceState;
  /** false: an admin has not set it up (it is not checked). */
  configured?: boolean;
  /** Where the status comes from. */
  source?: 'medianest' | 'uptime-kuma';
  responseTimeMs: number | null;
  lastCheckedAt: string | null;
  uptime: { h24: number | null; d7: number | null; d30: number | null };
}
export interface ServicePoint {
  at: string;
  status: ServiceState;
  responseTimeMs: number | null;
}

// ---- admin
export interface AuditEntry {
  id: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: unknown;
  createdAt: string;
  ip: string | null;
}
export interface Settings {
  plex: { serverUrl: string | null; tokenSet: boolean; managedByEnv: boolean };
  overseerr: { url: string | null; apiKeySet: boolean; webhookSecretSet: boolean; managedByEnv: boolean };
  uptimeKuma: { url: string | null; statusPage: string | null; managedByEnv: boolean };
}
/** Partial update; secrets are write-only: omitted = unchanged, null = cleared. */
export interface SettingsUpdate {
  plex?: { serverUrl?: string | null; token?: string | null };
  overseerr?: { url?: string | null; apiKey?: string | null; webhookSecret?: string | null };
  uptimeKuma?: { url?: string | null; statusPage?: string | null };
}

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
export interface SetupStep {
  configured: boolean;
  managedByEnv: boolean;
}
export interface SetupStatus {
  plex: SetupStep;
  overseerr: SetupStep;
  webhook: { url: string; secretSet: boolean; lastTestAt: string | null };
  uptimeKuma: SetupStep;
  done: boolean;
}
export type SetupService = 'plex' | 'overseerr' | 'uptimeKuma';
export interface ConnectionTestResult {
  ok: boolean;
  cause?: string;
  message: string;
  detail?: string;
}

export interface OwnSession {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}
