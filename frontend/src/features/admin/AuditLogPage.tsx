import { useState } from 'react';
import { ADMIN_PAGE_SIZE, useAdminUsers, useAuditLog } from '../../api/queries/admin';
import type { AuditEntry } from '../../api/types';
import { Pagination } from '../../components/Pagination';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { formatDateTime } from '../../lib/format';

function detailsText(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  if (typeof details === 'string') return details;
  try {
    const text = JSON.stringify(details);
    return text === '{}' ? null : text;
  } catch {
    return null;
  }
}

/** Usernames of the first page of users, so entries read "by alice" rather than an id. */
function useUsernames(): Map<string, string> {
  const users = useAdminUsers('', 1);
  return new Map((users.data?.items ?? []).map((user) => [user.id, user.username]));
}

function EntryRow({ entry, names }: { entry: AuditEntry; names: Map<string, string> }) {
  const details = detailsText(entry.details);
  const actor = entry.actorId ? (names.get(entry.actorId) ?? entry.actorId) : 'system';
  const target = entry.targetType === 'user' && entry.targetId ? (names.get(entry.targetId) ?? entry.targetId) : entry.targetId;
  return (
    <li className="grid grid-cols-1 gap-1 p-4 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
      <time dateTime={entry.createdAt} className="text-sm text-slate-600 dark:text-slate-400">
        {formatDateTime(entry.createdAt)}
      </time>
      <div className="min-w-0">
        <p className="font-mono text-sm font-semibold break-all">{entry.action}</p>
        <p className="text-xs break-all text-slate-600 dark:text-slate-400">
          by {actor}
          {entry.targetType ? ` · ${entry.targetType} ${target ?? ''}` : ''}
          {entry.ip ? ` · from ${entry.ip}` : ''}
        </p>
        {details ? <p className="mt-1 font-mono text-xs break-all text-slate-700 dark:text-slate-300">{details}</p> : null}
      </div>
    </li>
  );
}

export default function AuditLogPage() {
  const [page, setPage] = useState(1);
  const query = useAuditLog(page);
  const names = useUsernames();
  if (query.isPending) return <SkeletonList rows={6} label="Loading the audit log" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) {
    return <EmptyState title="Nothing recorded yet" message="Sign-ins and every admin action are listed here, newest first." />;
  }
  return (
    <section aria-label="Audit log">
      <ul className="card divide-y divide-slate-200 dark:divide-slate-800">
        {query.data.items.map((entry) => (
          <EntryRow key={entry.id} entry={entry} names={names} />
        ))}
      </ul>
      <Pagination page={page} pageSize={ADMIN_PAGE_SIZE} total={query.data.total} onChange={setPage} />
    </section>
  );
}
