import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../context';
import type { Page, PlexPin, SessionResponse } from '../types';

interface LibraryRef {
  id: string;
  title: string;
  type: string;
}

export interface Invite {
  id: string;
  code: string;
  url: string;
  status: 'active' | 'expired' | 'used_up' | 'revoked';
  libraryIds: string[];
  allLibraries: boolean;
  role: 'user' | 'admin';
  allowSync: boolean;
  note: string | null;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  accessDays: number | null;
  revokedAt: string | null;
  createdAt: string;
  createdBy: string | null;
}

interface CreateInviteInput {
  libraryIds: string[];
  role: 'user' | 'admin';
  linkExpiresInDays: number | null;
  maxUses: number | null;
  accessDays: number | null;
  allowSync: boolean;
  note?: string;
}

export interface PublicInvite {
  invitedBy: { username: string; avatarUrl: string | null };
  allLibraries: boolean;
  libraries: LibraryRef[] | null;
  role: 'user' | 'admin';
  allowSync: boolean;
  note: string | null;
  linkExpiresAt: string | null;
  accessDays: number | null;
  accessUntil: string | null;
}

export interface Membership {
  userId: string;
  plexUserId: string;
  allLibraries: boolean;
  libraryIds: string[];
  libraries: LibraryRef[] | null;
  allowSync: boolean;
  expiresAt: string | null;
  endedAt: string | null;
  endedReason: string | null;
  inviteId: string | null;
  createdAt: string;
}

export type AcceptResult = { status: 'pending' } | ({ status: 'complete'; accessExpiresAt: string | null } & SessionResponse);

const inviteKeys = {
  list: ['admin', 'invites'] as const,
  access: (userId: string) => ['admin', 'access', userId] as const,
  mine: ['membership'] as const,
};

export function useInvites() {
  const client = useApiClient();
  return useQuery({ queryKey: inviteKeys.list, queryFn: () => client.request<Page<Invite>>('/admin/invites?pageSize=100') });
}

export function useCreateInvite() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateInviteInput) => client.request<Invite>('/admin/invites', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inviteKeys.list }),
  });
}

export function useRevokeInvite() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client.request<void>(`/admin/invites/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inviteKeys.list }),
  });
}

export function usePublicInvite(code: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['invite', code],
    queryFn: () => client.request<PublicInvite>(`/invites/${encodeURIComponent(code)}`, { auth: false }),
    retry: false,
  });
}

export function useAcceptInviteCall() {
  const client = useApiClient();
  return async (code: string, pin: Pick<PlexPin, 'pinId' | 'pinToken'>): Promise<AcceptResult> => {
    const { status, data } = await client.requestRaw<SessionResponse & { accessExpiresAt: string | null }>(`/invites/${encodeURIComponent(code)}/accept`, {
      method: 'POST',
      auth: false,
      body: { pinId: pin.pinId, pinToken: pin.pinToken },
    });
    if (status === 202) return { status: 'pending' };
    return { status: 'complete', ...data };
  };
}

export function useUserAccess(userId: string) {
  const client = useApiClient();
  return useQuery({ queryKey: inviteKeys.access(userId), queryFn: () => client.request<Membership>(`/admin/users/${encodeURIComponent(userId)}/access`), retry: false });
}

export function useUpdateAccess(userId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { libraryIds?: string[]; allowSync?: boolean; expiresAt?: string | null }) =>
      client.request<Membership>(`/admin/users/${encodeURIComponent(userId)}/access`, { method: 'PATCH', body }),
    onSuccess: (data) => queryClient.setQueryData(inviteKeys.access(userId), data),
  });
}

export function useEndAccess(userId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.request<Membership>(`/admin/users/${encodeURIComponent(userId)}/access/end`, { method: 'POST' }),
    onSuccess: (data) => {
      queryClient.setQueryData(inviteKeys.access(userId), data);
      void queryClient.invalidateQueries({ queryKey: ['admin'] });
    },
  });
}

export function useImportFriends() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.request<{ imported: number; updated: number; skipped: number }>('/admin/plex-friends/import', { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useMyMembership() {
  const client = useApiClient();
  return useQuery({ queryKey: inviteKeys.mine, queryFn: () => client.request<{ membership: Membership | null }>('/membership') });
}
