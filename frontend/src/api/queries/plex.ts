import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../context';
import { keys } from '../keys';
import type { LibrarySort } from '../types';

export const LIBRARY_PAGE_SIZE = 30;

export function useLibraries() {
  const api = useApi();
  return useQuery({ queryKey: keys.libraries, queryFn: async () => (await api.plex.libraries()).items, staleTime: 300_000 });
}

export function useLibraryItems(libraryId: string, page: number, sort: LibrarySort) {
  const api = useApi();
  return useQuery({
    queryKey: keys.libraryItems(libraryId, page, sort),
    queryFn: () => api.plex.libraryItems(libraryId, { page, pageSize: LIBRARY_PAGE_SIZE, sort }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useItem(itemId: string) {
  const api = useApi();
  return useQuery({ queryKey: keys.item(itemId), queryFn: () => api.plex.item(itemId), staleTime: 60_000 });
}

export function useCollections(libraryId?: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.collections(libraryId),
    queryFn: async () => (await api.plex.collections(libraryId)).items,
    staleTime: 300_000,
  });
}

export function useCollectionItems(collectionId: string, page: number) {
  const api = useApi();
  return useQuery({
    queryKey: keys.collectionItems(collectionId, page),
    queryFn: () => api.plex.collectionItems(collectionId, { page, pageSize: LIBRARY_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

export function usePlexSearch(q: string) {
  const api = useApi();
  const query = q.trim().slice(0, 100);
  return useQuery({
    queryKey: keys.plexSearch(query),
    queryFn: async () => (await api.plex.search(query)).items,
    enabled: query.length > 0,
    staleTime: 60_000,
  });
}

export function useRecentlyAdded(limit = 12) {
  const api = useApi();
  return useQuery({
    queryKey: keys.recentlyAdded(limit),
    queryFn: async () => (await api.plex.recentlyAdded(limit)).items,
    staleTime: 60_000,
  });
}
