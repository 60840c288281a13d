import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../../api/keys';
import { useSocketEvent } from '../../api/socket';
import type { MediaRequest, MediaRequestDetail, Page } from '../../api/types';

export function useLiveRequests(): void {
  const queryClient = useQueryClient();
  useSocketEvent('request:updated', (request) => {
    let listed = false;
    queryClient.setQueriesData<Page<MediaRequest>>({ queryKey: [...keys.requests, 'list'] }, (old) => {
      if (!old) return old;
      const items = old.items.map((item) => {
        if (item.id !== request.id) return item;
        listed = true;
        return { ...item, ...request };
      });
      return { ...old, items };
    });
    queryClient.setQueryData<MediaRequestDetail>(keys.request(request.id), (old) => {
      if (!old) return old;
      const last = old.history[old.history.length - 1];
      const history =
        last?.status === request.status ? old.history : [...old.history, { status: request.status, at: request.updatedAt }];
      return { ...old, ...request, history };
    });
    // Lists filtered by status (or not showing it yet) need a fresh page; search badges too.
    void queryClient.invalidateQueries({ queryKey: [...keys.requests, 'list'], refetchType: listed ? 'none' : 'active' });
    void queryClient.invalidateQueries({ queryKey: ['media', 'search'], refetchType: 'none' });
    // Title pages, Discover rows and the admin queue show the same status.
    void queryClient.invalidateQueries({ queryKey: ['media', 'title'] });
    void queryClient.invalidateQueries({ queryKey: ['media', 'discover'], refetchType: 'none' });
    void queryClient.invalidateQueries({ queryKey: keys.requestQueue });
  });
}
