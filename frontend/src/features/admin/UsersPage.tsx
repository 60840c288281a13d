import { useEffect, useState } from 'react';
import { useAuth } from '../../api/context';
import { ADMIN_PAGE_SIZE, useAdminUsers } from '../../api/queries/admin';
import { SearchIcon } from '../../components/icons';
import { Pagination } from '../../components/Pagination';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { plural } from '../../lib/format';
import { UserRow } from './UserRow';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export default function UsersPage() {
  const { user: me } = useAuth();
  const [input, setInput] = useState('');
  const search = useDebounced(input.trim(), 300);
  const [page, setPage] = useState(1);
  const query = useAdminUsers(search, page);
  useEffect(() => setPage(1), [search]);

  return (
    <section aria-label="Users">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="relative w-full max-w-sm">
          <label htmlFor="user-search" className="sr-only">
            Search users
          </label>
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-500" />
          <input
            id="user-search"
            type="search"
            value={input}
            onChange={(event) => setInput(event.target.value)}
            placeholder="Search by name or email"
            className="field-input pl-9"
          />
        </div>
        {query.data ? <p className="text-sm text-slate-600 dark:text-slate-400">{plural(query.data.total, 'user')}</p> : null}
      </div>
      {query.isPending ? (
        <SkeletonList rows={5} label="Loading users" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState
          title={search ? `No users match "${search}"` : 'No users yet'}
          message={search ? 'Try part of the name or email.' : 'People appear here after they first sign in with Plex.'}
        />
      ) : (
        <>
          <ul className="card divide-y divide-slate-200 dark:divide-slate-800">
            {query.data.items.map((user) => (
              <UserRow key={user.id} user={user} isSelf={user.id === me?.id} />
            ))}
          </ul>
          <Pagination page={page} pageSize={ADMIN_PAGE_SIZE} total={query.data.total} onChange={setPage} />
        </>
      )}
    </section>
  );
}
