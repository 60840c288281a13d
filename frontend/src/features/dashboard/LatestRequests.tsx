import { Link } from 'react-router';
import { useRequests } from '../../api/queries/media';
import { ButtonLink } from '../../components/Button';
import { Section } from '../../components/PageHeader';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { RequestRow } from '../../widgets/RequestRow';

export function LatestRequests() {
  const query = useRequests(undefined, 1, 5);
  return (
    <Section
      title="Your latest requests"
      action={
        <Link to="/requests" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
          All requests
        </Link>
      }
    >
      {query.isPending ? (
        <SkeletonList rows={3} label="Loading your requests" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState
          title="You haven't requested anything yet"
          message="Search for a movie or show that isn't on the server yet and request it."
          action={<ButtonLink to="/discover">Find something to request</ButtonLink>}
        />
      ) : (
        <ul className="card divide-y divide-slate-200 px-4 dark:divide-slate-800">
          {query.data.items.map((request) => (
            <RequestRow key={request.id} request={request} />
          ))}
        </ul>
      )}
    </Section>
  );
}
