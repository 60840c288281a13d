import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { isServiceDown } from '../../api/errors';
import { useDiscoverRow } from '../../api/queries/media';
import type { DiscoverRow as Row, SearchResult } from '../../api/types';
import { Button } from '../../components/Button';
import { PosterImage } from '../../components/Poster';
import { Skeleton } from '../../components/Skeleton';
import { StateBadge, titleState } from '../../widgets/StateBadge';
import { titlePath } from './ResultCard';

/** A poster card of a title: its state badge (over the poster), and a link to its title page. */
function TitleCard({ result }: { result: SearchResult }) {
  return (
    <div className="relative">
      <Link to={titlePath(result)} className="group block rounded-lg focus-visible:outline-offset-4">
        <PosterImage src={result.posterUrl} alt="" className="transition group-hover:ring-2 group-hover:ring-brand-500" />
        <p className="mt-2 truncate text-sm font-medium" title={result.title}>
          {result.title}
        </p>
        <p className="truncate text-xs text-slate-600 dark:text-slate-400">
          {result.year ? `${result.year} · ` : ''}
          {result.mediaType === 'tv' ? 'TV show' : 'Movie'}
        </p>
      </Link>
      <span className="pointer-events-none absolute top-2 left-2">
        <StateBadge state={titleState(result)} />
      </span>
    </div>
  );
}

/** One Discover row that loads its next page as it is scrolled to the end (or with "More"). */
export function DiscoverRow({ row, title }: { row: Row; title: string }) {
  const query = useDiscoverRow(row);
  const end = useRef<HTMLLIElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  useEffect(() => {
    const node = end.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === 'undefined') return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Overseerr being down is said once, above the rows; an empty row is left out.
  if (query.isError && isServiceDown(query.error, 'overseerr')) return null;
  const items = query.data?.pages.flatMap((p) => p.results) ?? [];
  if (query.isSuccess && items.length === 0) return null;
  return (
    <section aria-label={title} className="mb-8">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {query.isPending ? (
        <div role="status" className="flex gap-4 overflow-hidden" aria-label={`Loading ${title}`}>
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="aspect-[2/3] w-32 shrink-0 sm:w-40" />
          ))}
        </div>
      ) : query.isError ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">This row could not be loaded. Try again later.</p>
      ) : (
        <ul className="flex snap-x gap-4 overflow-x-auto pb-2" aria-label={title}>
          {items.map((result) => (
            <li key={`${result.mediaType}-${result.tmdbId}`} className="w-32 shrink-0 snap-start sm:w-40">
              <TitleCard result={result} />
            </li>
          ))}
          {hasNextPage ? (
            <li ref={end} className="flex w-32 shrink-0 items-center justify-center sm:w-40">
              <Button variant="secondary" size="sm" loading={isFetchingNextPage} onClick={() => void fetchNextPage()} aria-label={`More ${title.toLowerCase()}`}>
                More
              </Button>
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}
