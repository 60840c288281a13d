import type { ApiClient } from './client';
import type {
  AdminUser,
  AuditEntry,
  Collection,
  ConnectionTestInput,
  ConnectionTestResult,
  CreateRequestInput,
  DiscoverRow,
  OwnSession,
  OwnedPlexServer,
  PlexServerChoice,
  PlexServerChoiceResult,
  SetupStatus,
  MediaType,
  QueueItem,
  QueueSort,
  Quota,
  TitleDetails,
  Library,
  LibrarySort,
  LoginResponse,
  MediaItem,
  MediaItemDetail,
  MediaRequest,
  MediaRequestDetail,
  PlexShare,
  NotificationPage,
  Page,
  PlexCallbackResult,
  PlexLinkResult,
  PlexPin,
  PlexPinRef,
  RequestStatus,
  Role,
  SearchResponse,
  Service,
  ServicePoint,
  SessionResponse,
  Settings,
  SettingsUpdate,
  UptimeRange,
  User,
  UserStatus,
} from './types';

const id = (value: string | number) => encodeURIComponent(String(value));

/** Every endpoint of the public contract (the server’s OpenAPI document) the web app uses, typed. */
export function createEndpoints(client: ApiClient) {
  return {
    auth: {
      plexLogin: () => client.request<PlexPin>('/auth/plex/login', { auth: false }),
      /** A PIN for linking a Plex account to the signed-in user (admins may link before Plex is set up). */
      plexLinkStart: () => client.request<PlexPin>('/auth/plex/link/pin', { method: 'POST' }),
      async plexCallback(pin: PlexPinRef): Promise<PlexCallbackResult> {
        const { status, data } = await client.requestRaw<SessionResponse | { status: 'pending' }>(
          '/auth/plex/callback',
          { method: 'POST', auth: false, body: { pinId: pin.pinId, pinToken: pin.pinToken } },
        );
        if (status === 202) return { status: 'pending' };
        return { status: 'complete', ...(data as SessionResponse) };
      },
      /** Links the approved Plex account to the signed-in user (e.g. the bootstrap admin). */
      async plexLink(pin: PlexPinRef): Promise<PlexLinkResult> {
        const { status, data } = await client.requestRaw<{ user: User } | { status: 'pending' }>('/auth/plex/link', {
          method: 'POST',
          body: { pinId: pin.pinId, pinToken: pin.pinToken },
        });
        if (status === 202) return { status: 'pending' };
        return { status: 'complete', user: (data as { user: User }).user };
      },
      login: (username: string, password: string) =>
        client.request<LoginResponse>('/auth/login', { method: 'POST', auth: false, body: { username, password } }),
      changePassword: (currentPassword: string, newPassword: string) =>
        client.request<void>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
      me: () => client.request<{ user: User }>('/auth/me'),
      sessions: () => client.request<{ items: OwnSession[] }>('/auth/sessions'),
      signOutOthers: () => client.request<void>('/auth/sessions/sign-out-others', { method: 'POST' }),
    },
    plex: {
      libraries: () => client.request<{ items: Library[] }>('/plex/libraries'),
      libraryItems: (libraryId: string, query: { page: number; pageSize: number; sort: LibrarySort }) =>
        client.request<Page<MediaItem>>(`/plex/libraries/${id(libraryId)}/items`, { query: { ...query } }),
      item: (itemId: string) => client.request<MediaItemDetail>(`/plex/items/${id(itemId)}`),
      collections: (libraryId?: string) =>
        client.request<{ items: Collection[] }>('/plex/collections', { query: { libraryId } }),
      collectionItems: (collectionId: string, query: { page: number; pageSize: number }) =>
        client.request<Page<MediaItem>>(`/plex/collections/${id(collectionId)}/items`, { query: { ...query } }),
      search: (q: string) => client.request<{ items: MediaItem[] }>('/plex/search', { query: { q } }),
      recentlyAdded: (limit: number) => client.request<{ items: MediaItem[] }>('/plex/recently-added', { query: { limit } }),
    },
    media: {
      search: (q: string, page = 1) => client.request<SearchResponse>('/media/search', { query: { q, page } }),
      discover: (row: DiscoverRow, page: number) => client.request<SearchResponse>(`/media/discover/${id(row)}`, { query: { page } }),
      title: (mediaType: MediaType, tmdbId: number) => client.request<TitleDetails>(`/media/${mediaType === 'tv' ? 'tv' : 'movie'}/${id(tmdbId)}`),
      quota: () => client.request<Quota>('/media/quota'),
      createRequest: (input: CreateRequestInput) =>
        client.request<MediaRequest>('/media/requests', { method: 'POST', body: input }),
      requests: (query: { status?: RequestStatus | undefined; page: number; pageSize: number; scope?: 'all' }) =>
        client.request<Page<MediaRequest>>('/media/requests', { query: { ...query } }),
      request: (requestId: string) => client.request<MediaRequestDetail>(`/media/requests/${id(requestId)}`),
      cancelRequest: (requestId: string) =>
        client.request<void>(`/media/requests/${id(requestId)}`, { method: 'DELETE' }),
    },
    notifications: {
      list: (query: { unreadOnly?: boolean; page: number; pageSize: number }) =>
        client.request<NotificationPage>('/notifications', { query: { ...query } }),
      markRead: (notificationId: string) =>
        client.request<void>(`/notifications/${id(notificationId)}/read`, { method: 'POST' }),
      markAllRead: () => client.request<void>('/notifications/read-all', { method: 'POST' }),
    },
    services: {
      list: () => client.request<{ items: Service[] }>('/services'),
      history: (serviceId: string, range: UptimeRange) =>
        client.request<{ items: ServicePoint[] }>(`/services/${id(serviceId)}/history`, { query: { range } }),
    },
    admin: {
      users: (query: { search?: string; page: number; pageSize: number }) =>
        client.request<Page<AdminUser>>('/admin/users', { query: { ...query } }),
      refreshPlexShare: (userId: string) =>
        client.request<PlexShare>(`/admin/users/${id(userId)}/plex-share/refresh`, { method: 'POST' }),
      updateUser: (userId: string, patch: { role?: Role; status?: UserStatus }) =>
        client.request<User>(`/admin/users/${id(userId)}`, { method: 'PATCH', body: patch }),
      deleteUser: (userId: string) => client.request<void>(`/admin/users/${id(userId)}`, { method: 'DELETE' }),
      setup: () => client.request<SetupStatus>('/admin/setup'),
      testConnection: (body: ConnectionTestInput) => client.request<ConnectionTestResult>('/admin/setup/test', { method: 'POST', body }),
      /** The servers the admin's linked Plex account owns (409 PLEX_NOT_LINKED without one). */
      plexServers: () => client.request<{ servers: OwnedPlexServer[] }>('/admin/setup/plex-servers'),
      /** Tests (dryRun) or saves one of them; its token stays on the server. */
      choosePlexServer: (body: PlexServerChoice) => client.request<PlexServerChoiceResult>('/admin/setup/plex-server', { method: 'POST', body }),
      requestQueue: (query: { status?: RequestStatus; userId?: string; mediaType?: MediaType; sort: QueueSort; page: number; pageSize: number }) =>
        client.request<Page<QueueItem>>('/admin/requests', { query: { ...query } }),
      decideRequest: (requestId: string, action: 'approve' | 'decline') =>
        client.request<QueueItem>(`/admin/requests/${id(requestId)}/${action}`, { method: 'POST' }),
      auditLog: (query: { page: number; pageSize: number; category?: string; actorId?: string }) =>
        client.request<Page<AuditEntry>>('/admin/audit-log', { query: { ...query } }),
      settings: () => client.request<Settings>('/admin/settings'),
      updateSettings: (update: SettingsUpdate) =>
        client.request<Settings>('/admin/settings', { method: 'PUT', body: update }),
    },
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
