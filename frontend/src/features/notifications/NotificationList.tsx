import { Link } from 'react-router';
import type { Notification } from '../../api/types';
import { useMarkRead } from '../../api/queries/notifications';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState } from '../../components/States';
import { timeAgo } from '../../lib/format';

/** Where a notification leads: a path of this app (never another site). */
function linkOf(item: Notification): string | undefined {
  const link = (item.data as { link?: unknown } | undefined)?.link;
  return typeof link === 'string' && link.startsWith('/') && !link.startsWith('//') ? link : undefined;
}

export function NotificationList({ items, loading, compact = false }: { items: Notification[]; loading: boolean; compact?: boolean }) {
  const markRead = useMarkRead();
  if (loading) return <SkeletonList rows={3} label="Loading notifications" />;
  if (items.length === 0) {
    return (
      <EmptyState
        title="You're all caught up"
        message="We'll let you know here when something you requested is approved or ready to watch."
      />
    );
  }
  return (
    <ul className="divide-y divide-slate-200 dark:divide-slate-800">
      {items.map((item) => {
        const unread = !item.readAt;
        return (
          <li key={item.id} className={`flex items-start gap-3 ${compact ? 'px-1 py-3' : 'px-2 py-4'}`}>
            <span
              aria-hidden="true"
              className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${unread ? 'bg-brand-500' : 'bg-transparent'}`}
            />
            <div className="min-w-0 flex-1">
              <p className={`text-sm ${unread ? 'font-semibold' : 'font-medium'}`}>
                {linkOf(item) ? (
                  <Link to={linkOf(item)!} className="hover:underline" onClick={() => (unread ? markRead.mutate(item.id) : undefined)}>
                    {item.title}
                  </Link>
                ) : (
                  item.title
                )}
                {unread ? <span className="sr-only"> (unread)</span> : null}
              </p>
              <p className="mt-0.5 text-sm break-words text-slate-600 dark:text-slate-400">{item.message}</p>
              <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                <time dateTime={item.createdAt}>{timeAgo(item.createdAt)}</time>
              </p>
            </div>
            {unread ? (
              <button
                type="button"
                onClick={() => markRead.mutate(item.id)}
                disabled={markRead.isPending && markRead.variables === item.id}
                className="shrink-0 rounded px-2 py-1 text-xs font-medium text-brand-700 hover:bg-slate-100 dark:text-brand-400 dark:hover:bg-slate-800"
                aria-label={`Mark read: ${item.title}`}
              >
                Mark read
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
