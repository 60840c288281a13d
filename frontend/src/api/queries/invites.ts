import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../context';
import type { Page, PlexPinRef, RequestBodyOf, ResponseOf } from '../types';

/** An invitation as admins see it. */
export type Invite = ResponseOf<'/api/v1/admin/invites', 'post', 201>;
type CreateInviteInput = RequestBodyOf<'/api/v1/admin/invites', 'post'>;
/** What an invitation offers, as anyone with its link sees it. */
export type PublicInvite = ResponseOf<'/api/v1/invites/{code}', 'get'>;
/** A member's access to the Plex server over time. */
export type Membership = ResponseOf<'/api/v1/admin/users/{id}/access', 'get'>;
type UpdateAccessInput = RequestBodyOf<'/api/v1/admin/users/{id}/access', 'patch'>;
type Accepted = ResponseOf<'/api/v1/invites/{code}/accept', 'post'>;
export type AcceptResult = ResponseOf<'/api/v1/invites/{code}/accept', 'post', 202> | ({ status: 'complete' } & Accepted);

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
  return async (code: string, pin: PlexPinRef): Promise<AcceptResult> => {
    const { status, data } = await client.requestRaw<Accepted>(`/invites/${encodeURIComponent(code)}/accept`, {
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
    mutationFn: (body: UpdateAccessInput) =>
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
    mutationFn: () => client.request<ResponseOf<'/api/v1/admin/plex-friends/import', 'post'>>('/admin/plex-friends/import', { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}

export function useMyMembership() {
  const client = useApiClient();
  return useQuery({ queryKey: inviteKeys.mine, queryFn: () => client.request<ResponseOf<'/api/v1/membership', 'get'>>('/membership') });
}
