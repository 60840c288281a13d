import { useQuery } from '@tanstack/react-query';
import { useApi } from '../context';
import { keys } from '../keys';
import type { UptimeRange } from '../types';

export function useServices() {
  const api = useApi();
  return useQuery({
    queryKey: keys.services,
    queryFn: async () => (await api.services.list()).items,
    // Socket events keep it live; a slow poll covers a dropped connection.
    refetchInterval: 120_000,
  });
}

export function useServiceHistory(id: string, range: UptimeRange) {
  const api = useApi();
  return useQuery({
    queryKey: keys.serviceHistory(id, range),
    queryFn: async () => (await api.services.history(id, range)).items,
  });
}
