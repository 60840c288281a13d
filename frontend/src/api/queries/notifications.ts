import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../context';
import { keys } from '../keys';
import type { NotificationPage } from '../types';

export function useNotifications(page = 1, pageSize = 20) {
  const api = useApi();
  return useQuery({
    queryKey: keys.notificationList(page, pageSize),
    queryFn: () => api.notifications.list({ page, pageSize }),
  });
}

function markLocally(old: NotificationPage | undefined, id: string | 'all'): NotificationPage | undefined {
  if (!old) return old;
  const now = new Date().toISOString();
  let cleared = 0;
  const items = old.items.map((item) => {
    if (item.readAt || (id !== 'all' && item.id !== id)) return item;
    cleared += 1;
    return { ...item, readAt: now };
  });
  const unreadCount = id === 'all' ? 0 : Math.max(0, old.unreadCount - (cleared || 1));
  return { ...old, items, unreadCount };
}

export function useMarkRead() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.notifications.markRead(id),
    onSuccess: (_data, id) => {
      queryClient.setQueriesData<NotificationPage>({ queryKey: keys.notifications }, (old) => markLocally(old, id));
    },
  });
}

export function useMarkAllRead() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.notifications.markAllRead(),
    onSuccess: () => {
      queryClient.setQueriesData<NotificationPage>({ queryKey: keys.notifications }, (old) => markLocally(old, 'all'));
    },
  });
}
