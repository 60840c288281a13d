import { Link } from 'react-router';
import { useState } from 'react';
import { useMarkAllRead, useNotifications } from '../../api/queries/notifications';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { ErrorState } from '../../components/States';
import { NotificationList } from './NotificationList';

const PAGE_SIZE = 20;

export default function NotificationsPage() {
  const [page, setPage] = useState(1);
  const query = useNotifications(page, PAGE_SIZE);
  const markAll = useMarkAllRead();
  const unread = query.data?.unreadCount ?? 0;
  return (
    <>
      <PageHeader
        title="Notifications"
        description={unread > 0 ? `${unread} unread` : 'Updates about your requests and this server.'}
        actions={
          <>
            <Link to="/notifications/settings" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
              Settings
            </Link>
            <Button variant="secondary" onClick={() => markAll.mutate()} disabled={unread === 0} loading={markAll.isPending}>
              Mark all read
            </Button>
          </>
        }
      />
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="card px-2">
          <NotificationList items={query.data?.items ?? []} loading={query.isPending} />
        </div>
      )}
      {query.data ? <Pagination page={page} pageSize={PAGE_SIZE} total={query.data.total} onChange={setPage} /> : null}
    </>
  );
}
