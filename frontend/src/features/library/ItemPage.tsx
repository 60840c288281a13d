import { Link, useNavigate, useParams } from 'react-router';
import { useItem } from '../../api/queries/plex';
import type { MediaItem } from '../../api/types';
import { Badge } from '../../components/Badge';
import { PosterImage } from '../../components/Poster';
import { Skeleton } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { useDocumentTitle } from '../../components/PageHeader';
import { formatDate } from '../../lib/format';
import { FollowButton } from '../../widgets/FollowButton';

/** Item types that have children worth listing (a movie or an episode has none). */
const PARENTS = ['show', 'season', 'artist', 'album'];

function runtime(minutes: number | null | undefined): string | null {
  if (!minutes) return null;
  const h = Math.floor(minutes / 60);
  return h ? `${h} h ${minutes % 60} min` : `${minutes} min`;
}

const TYPE_LABEL: Record<string, string> = { movie: 'Movie', show: 'TV show', season: 'Season', episode: 'Episode' };

function Children({ items, parentType }: { items: MediaItem[]; parentType: string }) {
  const heading = parentType === 'show' ? 'Seasons' : parentType === 'season' ? 'Episodes' : 'Contents';
  if (items.length === 0) {
    return <EmptyState title={`No ${heading.toLowerCase()} yet`} message="They show up here once Plex adds them." />;
  }
  const asPosters = items.every((item) => item.type === 'season');
  return (
    <section aria-label={heading} className="mt-10">
      <h2 className="mb-4 text-lg font-semibold">{heading}</h2>
      {asPosters ? (
        <ul className="grid grid-cols-2 gap-4 min-[400px]:grid-cols-3 sm:grid-cols-4 md:grid-cols-6 xl:grid-cols-8">
          {items.map((item) => (
            <li key={item.id}>
              <Link to={`/item/${encodeURIComponent(item.id)}`} className="group block rounded-lg">
                <PosterImage src={item.thumbUrl} alt="" className="group-hover:ring-2 group-hover:ring-brand-500" />
                <p className="mt-2 truncate text-sm font-medium">{item.title}</p>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <ol className="card divide-y divide-slate-200 dark:divide-slate-800">
          {items.map((item, index) => (
            <li key={item.id}>
              <Link to={`/item/${encodeURIComponent(item.id)}`} className="flex items-center gap-4 p-3 hover:bg-slate-50 dark:hover:bg-slate-800/60">
                <span className="w-8 text-right text-sm text-slate-600 tabular-nums dark:text-slate-400">{index + 1}</span>
                <span className="min-w-0 flex-1 truncate font-medium">{item.title}</span>
                {item.addedAt ? <span className="hidden text-xs text-slate-600 sm:inline dark:text-slate-400">Added {formatDate(item.addedAt)}</span> : null}
              </Link>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export default function ItemPage() {
  const { itemId = '' } = useParams();
  const navigate = useNavigate();
  const item = useItem(itemId);
  useDocumentTitle(item.data ? item.data.title : 'Library');
  if (item.isPending) {
    return (
      <div role="status" aria-label="Loading title" className="flex flex-col gap-6 sm:flex-row">
        <Skeleton className="aspect-[2/3] w-48 shrink-0" />
        <div className="flex-1 space-y-3">
          <Skeleton className="h-8 w-2/3" />
          <Skeleton className="h-4 w-1/3" />
          <Skeleton className="h-24 w-full" />
        </div>
      </div>
    );
  }
  if (item.isError) return <ErrorState error={item.error} onRetry={() => void item.refetch()} />;
  const data = item.data;
  return (
    <article>
      <button type="button" onClick={() => navigate(-1)} className="mb-4 text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
        ← Back
      </button>
      <div className="flex flex-col gap-6 sm:flex-row">
        <PosterImage src={data.thumbUrl} alt={`Poster of ${data.title}`} className="w-40 shrink-0 self-start sm:w-56" />
        <div className="min-w-0">
          <h1 className="text-3xl font-bold break-words">{data.title}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
            <Badge>{TYPE_LABEL[data.type] ?? data.type}</Badge>
            {data.year ? <span>{data.year}</span> : null}
            {data.addedAt ? <span>· Added {formatDate(data.addedAt)}</span> : null}
            {runtime(data.runtimeMinutes) ? <span>· {runtime(data.runtimeMinutes)}</span> : null}
            {data.contentRating ? <span>· {data.contentRating}</span> : null}
            {data.rating ? <span>· Rated {data.rating.toFixed(1)} / 10</span> : null}
          </div>
          {data.genres?.length ? (
            <ul className="mt-2 flex flex-wrap gap-2" aria-label="Genres">
              {data.genres.map((g) => (
                <li key={g}>
                  <Badge>{g}</Badge>
                </li>
              ))}
            </ul>
          ) : null}
          <p className="mt-4 max-w-3xl leading-relaxed text-slate-700 dark:text-slate-300">
            {data.summary || 'No summary available.'}
          </p>
          {data.cast?.length ? (
            <p className="mt-4 text-sm text-slate-700 dark:text-slate-300">
              <span className="font-semibold">Cast: </span>
              {data.cast.map((c) => (c.character ? `${c.name} (${c.character})` : c.name)).join(', ')}
            </p>
          ) : null}
          <p className="mt-6 text-sm text-slate-600 dark:text-slate-400">
            {data.plexUrl ? (
              <a href={data.plexUrl} target="_blank" rel="noreferrer" className="mr-2 font-medium text-brand-700 hover:underline dark:text-brand-400">
                Watch on Plex
              </a>
            ) : null}
            Watch it in any Plex app signed in with your account.
          </p>
          {data.type === 'show' && Number(data.guids.tmdb) > 0 ? (
            <div className="mt-3">
              <FollowButton tmdbId={Number(data.guids.tmdb)} mediaType="tv" title={data.title} />
            </div>
          ) : null}
        </div>
      </div>
      {data.children && (data.children.length > 0 || PARENTS.includes(data.type)) ? <Children items={data.children} parentType={data.type} /> : null}
    </article>
  );
}
