import { useState } from 'react';
import { ADMIN_PAGE_SIZE, useAdminUsers, useAuditLog } from '../../api/queries/admin';
import type { AuditEntry } from '../../api/types';
import { Pagination } from '../../components/Pagination';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { auditSentence } from './auditSentence';


function EntryRow({ entry, names }: { entry: AuditEntry; names: Map<string, string> }) {
  return (
    <li className="grid grid-cols-1 gap-1 p-4 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
      <time dateTime={entry.createdAt} className="text-sm text-slate-600 dark:text-slate-400">
        {formatDateTime(entry.createdAt)}
      </time>
      <div className="min-w-0">
        <p className="text-sm font-medium break-words">{auditSentence(entry, names)}</p>
        {entry.ip ? <p className="text-xs text-slate-600 dark:text-slate-400">from {entry.ip}</p> : null}
      </div>
    </li>
  );
}

const CATEGORIES = [
  { value: '', label: 'Everything' },
  { value: 'auth', label: 'Sign-ins' },
  { value: 'admin', label: 'Admin actions' },
  { value: 'media', label: 'Requests' },
];

export default function AuditLogPage() {
  const [page, setPage] = useState(1);
  const [category, setCategory] = useState('');
  const [actorId, setActorId] = useState('');
  const query = useAuditLog(page, { category, actorId });
  const users = useAdminUsers('', 1);
  const names = new Map((users.data?.items ?? []).map((user) => [user.id, user.username]));
  const filters = (
    <div className="mb-4 flex flex-wrap items-end gap-3">
      <label className="text-sm">
        <span className="mb-1 block font-medium">Show</span>
        <select className="field-input w-auto py-1.5" value={category} onChange={(e) => { setCategory(e.target.value); setPage(1); }}>
          {CATEGORIES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium">By</span>
        <select className="field-input w-auto py-1.5" value={actorId} onChange={(e) => { setActorId(e.target.value); setPage(1); }}>
          <option value="">Anyone</option>
          {(users.data?.items ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.username}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
  return (
    <section aria-label="Audit log">
      {filters}
      {query.isPending ? (
        <SkeletonList rows={6} label="Loading the audit log" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState title="Nothing recorded" message="Sign-ins, admin actions and requests are listed here, newest first." />
      ) : (
        <>
          <ul className="card divide-y divide-slate-200 dark:divide-slate-800">
            {query.data.items.map((entry) => (
              <EntryRow key={entry.id} entry={entry} names={names} />
            ))}
          </ul>
          <Pagination page={page} pageSize={ADMIN_PAGE_SIZE} total={query.data.total} onChange={setPage} />
        </>
      )}
    </section>
  );
}
