import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from '../context';
import { ApiError } from '../errors';
import type { paths } from '../schema.gen';
import type { FollowedTitle, Page, ResponseOf } from '../types';

export type TitleType = paths['/api/v1/follows/{mediaType}/{tmdbId}']['get']['parameters']['path']['mediaType'];

export type Follow = ResponseOf<'/api/v1/follows/{mediaType}/{tmdbId}', 'get'>;

export type Digest = ResponseOf<'/api/v1/digest', 'get'>;

const followKeys = {
  all: ['follows'] as const,
  list: (page: number, pageSize: number) => ['follows', 'list', page, pageSize] as const,
  one: (type: TitleType, id: number) => ['follows', 'one', type, id] as const,
  digest: ['digest'] as const,
};

/** Whether you follow a title: the API answers 404 when you do not. */
export function useFollow(mediaType: TitleType, tmdbId: number) {
  const client = useApiClient();
  return useQuery({
    queryKey: followKeys.one(mediaType, tmdbId),
    queryFn: async () => {
      try {
        return await client.request<Follow>(`/follows/${mediaType}/${tmdbId}`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
}

export function useSetFollow(mediaType: TitleType, tmdbId: number, title: string | undefined) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (follow: boolean) => {
      if (follow) return client.request<Follow>(`/follows/${mediaType}/${tmdbId}`, { method: 'PUT', body: title ? { title } : {} });
      await client.request<void>(`/follows/${mediaType}/${tmdbId}`, { method: 'DELETE' });
      return null;
    },
    onSuccess: (result) => {
      queryClient.setQueryData(followKeys.one(mediaType, tmdbId), result);
      void queryClient.invalidateQueries({ queryKey: ['follows', 'list'] });
    },
  });
}

/** The titles you follow, newest first. */
export function useFollows(page: number, pageSize = 50) {
  const client = useApiClient();
  return useQuery({
    queryKey: followKeys.list(page, pageSize),
    queryFn: () => client.request<Page<FollowedTitle>>('/follows', { query: { page, pageSize } }),
  });
}

export function useDigest() {
  const client = useApiClient();
  return useQuery({ queryKey: followKeys.digest, queryFn: () => client.request<Digest>('/digest') });
}
