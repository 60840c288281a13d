import { Link } from 'react-router';
import { useRecentlyAdded } from '../../api/queries/plex';
import { Section } from '../../components/PageHeader';
import { POSTER_ROW_ITEM, PosterCard, PosterRow, PosterRowSkeleton } from '../../components/Poster';
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
        <PosterRowSkeleton label="Loading recently added" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState title="Nothing new yet" message="New movies and episodes show up here as soon as Plex adds them." />
      ) : (
        <PosterRow label="Recently added">
          {query.data.map((item) => (
            <li key={item.id} className={POSTER_ROW_ITEM}>
              <PosterCard
                to={`/item/${encodeURIComponent(item.id)}`}
                title={item.title}
                subtitle={item.addedAt ? `Added ${timeAgo(item.addedAt)}` : item.year ? String(item.year) : null}
                src={item.thumbUrl}
              />
            </li>
          ))}
        </PosterRow>
      )}
    </Section>
  );
}
