import { Link } from 'react-router';
import { PageHeader, Section } from '../../components/PageHeader';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { useFollows } from '../../api/queries/follows';
import { FollowButton } from '../../widgets/FollowButton';

/** The titles you follow (your profile's list). */
export default function FollowingPage() {
  const follows = useFollows(1);
  return (
    <>
      <PageHeader
        title="Following"
        description="Titles you will be told about when they become available, and new episodes of followed shows."
        actions={
          <Link className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-400" to="/notifications/settings">
            Notification settings
          </Link>
        }
      />
      <Section title="Followed titles">
        {follows.isLoading ? (
          <SkeletonList rows={3} label="Loading followed titles" />
        ) : follows.isError ? (
          <ErrorState title="Could not load what you follow" />
        ) : follows.data && follows.data.items.length > 0 ? (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {follows.data.items.map((f) => (
              <li key={`${f.mediaType}-${f.tmdbId}`} className="flex items-center justify-between gap-3 py-3">
                <div className="min-w-0">
                  <p className="font-medium">{f.title ?? `TMDB ${f.tmdbId}`}</p>
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    {f.mediaType === 'tv' ? 'Show' : 'Movie'}
                    {f.source === 'request' ? ' · followed with your request' : ''}
                    {f.availableNotifiedAt ? ' · available' : ''}
                  </p>
                </div>
                <FollowButton tmdbId={f.tmdbId} mediaType={f.mediaType} title={f.title ?? undefined} />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="You follow nothing yet" message="Use “Notify me” on a title in Discover, a request or the library." />
        )}
      </Section>
    </>
  );
}
