import { useSearchParams } from 'react-router';
import { useRequests } from '../../api/queries/media';
import { REQUEST_STATUSES, type RequestStatus } from '../../api/types';
import { ButtonLink } from '../../components/Button';
import { SelectField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { plural } from '../../lib/format';
import { CancelRequestButton } from './CancelRequestButton';
import { RequestRow } from '../../widgets/RequestRow';
import { REQUEST_STATUS_LABEL } from '../../widgets/StateBadge';

const PAGE_SIZE = 20;

export default function RequestsPage() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = REQUEST_STATUSES.includes(raw as RequestStatus) ? (raw as RequestStatus) : undefined;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = useRequests(status, page, PAGE_SIZE);

  const set = (next: Record<string, string | undefined>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setParams(merged);
  };

  return (
    <>
      <PageHeader
        title="My requests"
        description={query.data ? plural(query.data.total, 'request') : 'Everything you asked for, and where it is.'}
        actions={
          <div className="w-56">
            <SelectField label="Show" value={status ?? ''} onChange={(event) => set({ status: event.target.value || undefined, page: undefined })}>
              <option value="">All requests</option>
              {REQUEST_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {REQUEST_STATUS_LABEL[value]}
                </option>
              ))}
            </SelectField>
          </div>
        }
      />
      {query.isPending ? (
        <SkeletonList rows={5} label="Loading your requests" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        status ? (
          <EmptyState
            title={`No requests are "${REQUEST_STATUS_LABEL[status].toLowerCase()}"`}
            message="Choose another status to see the rest."
          />
        ) : (
          <EmptyState
            title="No requests yet"
            message="When something you want isn't on the server, search for it and request it. It shows up here with its progress."
            action={<ButtonLink to="/discover" variant="primary">Find something to request</ButtonLink>}
          />
        )
      ) : (
        <>
          <ul className="card divide-y divide-slate-200 px-4 dark:divide-slate-800" aria-busy={query.isPlaceholderData}>
            {query.data.items.map((request) => (
              <RequestRow key={request.id} request={request} actions={<CancelRequestButton request={request} />} />
            ))}
          </ul>
          <Pagination page={page} pageSize={PAGE_SIZE} total={query.data.total} onChange={(next) => set({ page: String(next) })} />
        </>
      )}
    </>
  );
}
