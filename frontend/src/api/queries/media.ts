import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useApi } from '../context';
import { isServiceDown, type ApiError } from '../errors';
import { keys } from '../keys';
import type { CreateRequestInput, DiscoverRow, MediaRequest, MediaType, Page, RequestStatus } from '../types';
import { useServices } from './services';

interface Outage {
  since: number;
  /** Overseerr is not set up at all (rather than down). */
  notConfigured: boolean;
}

function noteOverseerr(queryClient: QueryClient, error: unknown | null): void {
  if (error === null) queryClient.setQueryData<Outage | null>(keys.overseerrOutage, null);
  else if (isServiceDown(error, 'overseerr')) {
    const outage: Outage = { since: Date.now(), notConfigured: (error as ApiError).code === 'NOT_CONFIGURED' };
    queryClient.setQueryData<Outage | null>(keys.overseerrOutage, outage);
  }
}

/**
 * Whether requests can be made: not when Overseerr is reported down by the status checks or
 * when the last call through it answered 503. Request buttons are greyed out meanwhile.
 */
export function useOverseerrAvailability(): { available: boolean; notConfigured: boolean } {
  const services = useServices();
  const outage = useQuery<Outage | null>({
    queryKey: keys.overseerrOutage,
    queryFn: () => null,
    initialData: null,
    staleTime: Infinity,
  });
  const overseerr = services.data?.find((service) => service.id === 'overseerr');
  return { available: overseerr?.status !== 'down' && !outage.data, notConfigured: outage.data?.notConfigured ?? false };
}

export function useMediaSearch(q: string, page = 1) {
  const api = useApi();
  const queryClient = useQueryClient();
  const query = q.trim().slice(0, 100);
  return useQuery({
    queryKey: keys.mediaSearch(query, page),
    queryFn: async () => {
      try {
        const result = await api.media.search(query, page);
        noteOverseerr(queryClient, null);
        return result;
      } catch (error) {
        noteOverseerr(queryClient, error);
        throw error;
      }
    },
    enabled: query.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useCreateRequest() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateRequestInput) => api.media.createRequest(input),
    onSuccess: () => {
      noteOverseerr(queryClient, null);
      void queryClient.invalidateQueries({ queryKey: keys.requests });
      void queryClient.invalidateQueries({ queryKey: ['media', 'search'] });
      void queryClient.invalidateQueries({ queryKey: ['media', 'title'] });
      void queryClient.invalidateQueries({ queryKey: ['media', 'discover'] });
      void queryClient.invalidateQueries({ queryKey: keys.quota });
    },
    onError: (error) => noteOverseerr(queryClient, error),
  });
}

export function useRequests(status: RequestStatus | undefined, page: number, pageSize = 20) {
  const api = useApi();
  return useQuery({
    queryKey: keys.requestList(status, page, pageSize),
    queryFn: () => api.media.requests({ status, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useRequest(requestId: string) {
  const api = useApi();
  return useQuery({ queryKey: keys.request(requestId), queryFn: () => api.media.request(requestId) });
}

export function useCancelRequest() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (requestId: string) => api.media.cancelRequest(requestId),
    onSuccess: (_data, requestId) => {
      queryClient.setQueriesData<Page<MediaRequest>>({ queryKey: [...keys.requests, 'list'] }, (old) =>
        old ? { ...old, items: old.items.filter((item) => item.id !== requestId), total: Math.max(0, old.total - 1) } : old,
      );
      queryClient.removeQueries({ queryKey: keys.request(requestId) });
      void queryClient.invalidateQueries({ queryKey: keys.requests });
    },
  });
}

/** One Discover row, a page at a time (the row scrolls for more). */
export function useDiscoverRow(row: DiscoverRow) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useInfiniteQuery({
    queryKey: keys.discoverRow(row),
    queryFn: async ({ pageParam }) => {
      try {
        const result = await api.media.discover(row, pageParam);
        noteOverseerr(queryClient, null);
        return result;
      } catch (error) {
        noteOverseerr(queryClient, error);
        throw error;
      }
    },
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page < last.totalPages ? last.page + 1 : undefined),
    staleTime: 60_000,
  });
}

export function useTitle(mediaType: MediaType, tmdbId: number) {
  const api = useApi();
  return useQuery({
    queryKey: keys.title(mediaType, tmdbId),
    queryFn: () => api.media.title(mediaType, tmdbId),
    enabled: Number.isInteger(tmdbId) && tmdbId > 0,
  });
}

export function useQuota(enabled = true) {
  const api = useApi();
  return useQuery({ queryKey: keys.quota, queryFn: () => api.media.quota(), enabled, staleTime: 30_000 });
}
