import { Link } from 'react-router';
import { useRecentlyAdded } from '../../api/queries/plex';
import { Section } from '../../components/PageHeader';
import { PosterCard, PosterGrid } from '../../components/Poster';
import { Skeleton } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { timeAgo } from '../../lib/format';

export function RecentlyAdded() {
  const query = useRecentlyAdded(12);
  return (
    <Section
      title="Recently added"
      action={
        <Link to="/library" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
          Browse the library
        </Link>
      }
    >
      {query.isPending ? (
        <div role="status" aria-label="Loading recently added" className="grid grid-cols-2 gap-4 min-[400px]:grid-cols-3 sm:grid-cols-4 md:grid-cols-6">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} className="aspect-[2/3]" />
          ))}
        </div>
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState title="Nothing new yet" message="New movies and episodes show up here as soon as Plex adds them." />
      ) : (
        <PosterGrid label="Recently added">
          {query.data.map((item) => (
            <li key={item.id}>
              <PosterCard
                to={`/item/${encodeURIComponent(item.id)}`}
                title={item.title}
                subtitle={item.addedAt ? `Added ${timeAgo(item.addedAt)}` : item.year ? String(item.year) : null}
                src={item.thumbUrl}
              />
            </li>
          ))}
        </PosterGrid>
      )}
    </Section>
  );
}
