import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../context';
import { keys } from '../keys';
import type { MediaType, PlexServerChoice, QueueSort, RequestStatus, Role, SettingsUpdate, UserStatus } from '../types';

export const ADMIN_PAGE_SIZE = 20;

export function useAdminUsers(search: string, page: number) {
  const api = useApi();
  return useQuery({
    queryKey: keys.adminUsers(search, page),
    queryFn: () => api.admin.users({ search: search || undefined, page, pageSize: ADMIN_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

export function useUpdateUser() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: { role?: Role; status?: UserStatus } }) => api.admin.updateUser(id, patch),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

/** Re-reads one user's share from plex.tv now. */
export function useRefreshPlexShare() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.admin.refreshPlexShare(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useDeleteUser() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.admin.deleteUser(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useAuditLog(page: number, filter: { category?: string; actorId?: string } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: keys.auditLog(page, filter.category, filter.actorId),
    queryFn: () => api.admin.auditLog({ page, pageSize: ADMIN_PAGE_SIZE, category: filter.category || undefined, actorId: filter.actorId || undefined }),
    placeholderData: keepPreviousData,
  });
}

export function useSettings() {
  const api = useApi();
  return useQuery({ queryKey: keys.settings, queryFn: () => api.admin.settings() });
}

export function useUpdateSettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: SettingsUpdate) => api.admin.updateSettings(update),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.settings });
      void queryClient.invalidateQueries({ queryKey: keys.services });
    },
  });
}

export function useRequestQueue(filter: { status?: RequestStatus; userId?: string; mediaType?: MediaType; sort: QueueSort }, page: number) {
  const api = useApi();
  return useQuery({
    queryKey: [...keys.requestQueue, filter, page],
    queryFn: () => api.admin.requestQueue({ ...filter, page, pageSize: ADMIN_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

export function useDecideRequest() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'approve' | 'decline' }) => api.admin.decideRequest(id, action),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.requestQueue });
      void queryClient.invalidateQueries({ queryKey: keys.requests });
    },
  });
}

/** The setup checklist; polled while waiting for Overseerr's test webhook. */
export function useSetup(poll = false) {
  const api = useApi();
  return useQuery({ queryKey: [...keys.settings, 'setup'], queryFn: () => api.admin.setup(), refetchInterval: poll ? 3000 : false });
}

/** The Plex servers of the admin's linked Plex account (only asked when there is one). */
export function usePlexServers(enabled: boolean) {
  const api = useApi();
  return useQuery({ queryKey: ['admin', 'setup', 'plex-servers'], queryFn: () => api.admin.plexServers(), enabled, retry: false, staleTime: 60_000 });
}

/** Tests or saves a server picked from the linked Plex account; a save refreshes the checklist and settings. */
export function useChoosePlexServer() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (choice: PlexServerChoice) => api.admin.choosePlexServer(choice),
    onSuccess: (result) => {
      if (!result.saved) return;
      void queryClient.invalidateQueries({ queryKey: keys.settings });
      void queryClient.invalidateQueries({ queryKey: keys.services });
    },
  });
}

export function useTestConnection() {
  const api = useApi();
  return useMutation({ mutationFn: (body: Parameters<typeof api.admin.testConnection>[0]) => api.admin.testConnection(body) });
}
