import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../../api/keys';
import { useSocketEvent } from '../../api/socket';
import type { Service } from '../../api/types';

export function useLiveServices(): void {
  const queryClient = useQueryClient();
  useSocketEvent('service:status', (event) => {
    let known = false;
    queryClient.setQueryData<Service[]>(keys.services, (old) =>
      old?.map((service) => {
        if (service.id !== event.id) return service;
        known = true;
        return { ...service, status: event.status, responseTimeMs: event.responseTimeMs, lastCheckedAt: event.lastCheckedAt };
      }),
    );
    if (!known) void queryClient.invalidateQueries({ queryKey: keys.services, exact: true });
    // The history chart of that service gains a point.
    void queryClient.invalidateQueries({ queryKey: [...keys.services, event.id] });
  });
}
