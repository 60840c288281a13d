import { Link } from 'react-router';
import { useFollows } from '../../api/queries/follows';
import type { FollowedTitle } from '../../api/types';
import { ButtonLink } from '../../components/Button';
import { Section } from '../../components/PageHeader';
import { POSTER_ROW_ITEM, PosterImage, PosterRow, PosterRowSkeleton } from '../../components/Poster';
import { EmptyState, ErrorState } from '../../components/States';
import { StateBadge } from '../../widgets/StateBadge';

const SHOWN = 12;

function titleOf(follow: FollowedTitle): string {
  return follow.title ?? `${follow.mediaType === 'tv' ? 'Show' : 'Movie'} ${follow.tmdbId}`;
}

/** The titles you follow: poster, state, and the title's page a tap away. */
export function FollowedTitles() {
  const query = useFollows(1, SHOWN);
  return (
    <Section
      title="Titles you follow"
      action={
        query.data && query.data.total > 0 ? (
          <Link to="/following" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
            {query.data.total > SHOWN ? `All ${query.data.total}` : 'Manage'}
          </Link>
        ) : null
      }
    >
      {query.isPending ? (
        <PosterRowSkeleton label="Loading the titles you follow" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <EmptyState
          title="You don't follow anything yet"
          message="Use “Notify me” on a movie or show in Discover and you'll be told when it's ready to watch."
          action={<ButtonLink to="/discover">Find something to follow</ButtonLink>}
        />
      ) : (
        <PosterRow label="Titles you follow">
          {query.data.items.map((follow) => (
            <li key={`${follow.mediaType}-${follow.tmdbId}`} className={POSTER_ROW_ITEM}>
              <Link
                to={`/title/${follow.mediaType}/${follow.tmdbId}`}
                className="group block rounded-lg focus-visible:outline-offset-4"
              >
                <PosterImage src={follow.posterUrl} alt="" className="transition group-hover:ring-2 group-hover:ring-brand-500" />
                <span className="mt-2 block truncate text-sm font-medium" title={titleOf(follow)}>
                  {titleOf(follow)}
                </span>
              </Link>
              <div className="mt-1">
                <StateBadge state={follow.state} />
              </div>
            </li>
          ))}
        </PosterRow>
      )}
    </Section>
  );
}
