import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../../api/keys';
import { useSocketEvent } from '../../api/socket';
import type { NotificationPage } from '../../api/types';
import { useToast } from '../../components/Toast';

export function useLiveNotifications(): void {
  const queryClient = useQueryClient();
  const toast = useToast();
  useSocketEvent('notification', (event) => {
    const notification = { ...event, readAt: null };
    queryClient.setQueriesData<NotificationPage>({ queryKey: keys.notifications }, (old) => {
      if (!old || old.items.some((item) => item.id === event.id)) return old;
      const items = old.page === 1 ? [notification, ...old.items].slice(0, old.pageSize) : old.items;
      return { ...old, items, total: old.total + 1, unreadCount: old.unreadCount + 1 };
    });
    toast({ title: event.title, message: event.message });
  });
}
