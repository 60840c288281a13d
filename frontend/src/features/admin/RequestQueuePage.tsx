import { useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../api/errors';
import { ADMIN_PAGE_SIZE, useAdminUsers, useDecideRequest, useRequestQueue } from '../../api/queries/admin';
import { REQUEST_STATUSES, type MediaType, type QueueItem, type QueueSort, type RequestStatus } from '../../api/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Pagination } from '../../components/Pagination';
import { PosterImage } from '../../components/Poster';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { formatDateTime, plural } from '../../lib/format';
import { REQUEST_STATUS_LABEL, RequestStatusBadge } from '../../widgets/StateBadge';

function seasonsText(item: QueueItem): string | null {
  if (item.mediaType !== 'tv') return null;
  if (item.seasons === 'all' || item.seasons === null) return 'All seasons';
  return `Season${item.seasons.length === 1 ? '' : 's'} ${item.seasons.join(', ')}`;
}

function QueueRow({ item }: { item: QueueItem }) {
  const decide = useDecideRequest();
  const toast = useToast();
  const [declining, setDeclining] = useState(false);
  const name = `${item.title}${item.year ? ` (${item.year})` : ''}`;
  const run = (action: 'approve' | 'decline') =>
    decide.mutate(
      { id: item.id, action },
      {
        onSuccess: (updated) => {
          setDeclining(false);
          toast({ tone: 'success', title: `${action === 'approve' ? 'Approved' : 'Declined'} ${item.title}`, message: `Now: ${REQUEST_STATUS_LABEL[updated.status]}. ${item.user.username} sees it at once.` });
        },
        onError: (error) => toast({ tone: 'error', title: `Could not ${action} ${item.title}`, message: describeError(error).message }),
      },
    );
  return (
    <li className="flex flex-wrap items-center gap-4 p-3">
      <PosterImage src={item.posterUrl} alt="" className="w-12 shrink-0" />
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {item.tmdbId ? <Link to={`/title/${item.mediaType}/${item.tmdbId}`} className="hover:underline">{name}</Link> : name}
        </p>
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {[item.mediaType === 'tv' ? 'TV show' : 'Movie', seasonsText(item), `requested by ${item.user.username}`, formatDateTime(item.createdAt)].filter(Boolean).join(' · ')}
        </p>
      </div>
      <RequestStatusBadge status={item.status} />
      {item.status === 'pending' ? (
        <div className="flex gap-2">
          <Button size="sm" loading={decide.isPending && decide.variables?.action === 'approve'} onClick={() => run('approve')} aria-label={`Approve ${name} for ${item.user.username}`}>
            Approve
          </Button>
          <Button size="sm" variant="secondary" onClick={() => setDeclining(true)} aria-label={`Decline ${name} for ${item.user.username}`}>
            Decline
          </Button>
        </div>
      ) : null}
      <Dialog
        open={declining}
        onClose={() => setDeclining(false)}
        size="sm"
        title={`Decline ${name}?`}
        description={`${item.user.username} is told at once. They can request it again later.`}
        footer={
          <>
            <Button variant="ghost" onClick={() => setDeclining(false)}>
              Keep it pending
            </Button>
            <Button variant="danger" loading={decide.isPending} onClick={() => run('decline')}>
              Decline request
            </Button>
          </>
        }
      />
    </li>
  );
}

/** Every user's requests for admins: filter, sort, approve or decline through Overseerr. */
export default function RequestQueuePage() {
  const [status, setStatus] = useState<RequestStatus | ''>('pending');
  const [userId, setUserId] = useState('');
  const [mediaType, setMediaType] = useState<MediaType | ''>('');
  const [sort, setSort] = useState<QueueSort>('newest');
  const [page, setPage] = useState(1);
  const users = useAdminUsers('', 1);
  const query = useRequestQueue({ status: status || undefined, userId: userId || undefined, mediaType: mediaType || undefined, sort }, page);
  const change = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };

  return (
    <section aria-label="Requests">
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Status</span>
          <select className="field-input w-auto py-1.5" value={status} onChange={(e) => change(setStatus)(e.target.value as RequestStatus | '')}>
            <option value="">Any status</option>
            {REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {REQUEST_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">User</span>
          <select className="field-input w-auto py-1.5" value={userId} onChange={(e) => change(setUserId)(e.target.value)}>
            <option value="">Everyone</option>
            {(users.data?.items ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.username}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Type</span>
          <select className="field-input w-auto py-1.5" value={mediaType} onChange={(e) => change(setMediaType)(e.target.value as MediaType | '')}>
            <option value="">Movies and shows</option>
            <option value="movie">Movies</option>
            <option value="tv">TV shows</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium">Sort</span>
          <select className="field-input w-auto py-1.5" value={sort} onChange={(e) => change(setSort)(e.target.value as QueueSort)}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
            <option value="updated">Recently changed</option>
          </select>
        </label>
        {query.data ? <p className="ml-auto text-sm text-slate-600 dark:text-slate-400">{plural(query.data.total, 'request')}</p> : null}
      </div>
      {query.isPending ? (
        <SkeletonList rows={5} label="Loading requests" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState title="No requests match" message={status === 'pending' ? 'Nothing is waiting for approval.' : 'Try other filters.'} />
      ) : (
        <>
          <ul className="card divide-y divide-slate-200 dark:divide-slate-800" aria-label="Request queue">
            {query.data.items.map((item) => (
              <QueueRow key={item.id} item={item} />
            ))}
          </ul>
          <Pagination page={page} pageSize={ADMIN_PAGE_SIZE} total={query.data.total} onChange={setPage} />
        </>
      )}
    </section>
  );
}
