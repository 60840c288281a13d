import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { isServiceDown } from '../../api/errors';
import { useMediaSearch, useOverseerrAvailability } from '../../api/queries/media';
import type { SearchResult } from '../../api/types';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, Notice } from '../../components/States';
import { PosterGridSkeleton } from '../../components/Poster';
import { DiscoverRow } from './DiscoverRow';
import { InLibraryStrip } from './InLibraryStrip';
import { RequestDialog } from './RequestDialog';
import { ResultCard } from './ResultCard';

function OverseerrDownNotice({ notConfigured }: { notConfigured: boolean }) {
  return (
    <div className="mb-6">
      <Notice tone="warning">
        <p className="font-semibold">Requests are unavailable right now</p>
        <p className="mt-1">
          {notConfigured
            ? "Requests aren't set up yet: an admin needs to connect Overseerr in Admin → Settings. You can still browse and watch what's on the server."
            : "Overseerr, which handles requests, isn't answering. Request buttons are turned off until it's back; you can still browse and watch what's on the server."}
        </p>
      </Notice>
    </div>
  );
}

export default function DiscoverPage() {
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const search = useMediaSearch(q, page);
  const { available, notConfigured } = useOverseerrAvailability();
  const [requesting, setRequesting] = useState<SearchResult | null>(null);
  const overseerrDown = !available || (search.isError && isServiceDown(search.error, 'overseerr'));

  const goTo = (next: number) => {
    const merged = new URLSearchParams(params);
    merged.set('page', String(next));
    setParams(merged);
    window.scrollTo?.({ top: 0 });
  };

  return (
    <>
      <PageHeader
        title={q ? `Results for "${q}"` : 'Discover'}
        description="Find movies and shows, see what's already here, and request what's missing. Type in the search box above to search."
        documentTitle={q ? `Search: ${q}` : 'Discover'}
      />
      {overseerrDown ? <OverseerrDownNotice notConfigured={notConfigured} /> : null}
      {!q ? (
        overseerrDown ? null : (
          <>
            <DiscoverRow row="trending" title="Trending" />
            <DiscoverRow row="popular-movies" title="Popular movies" />
            <DiscoverRow row="popular-tv" title="Popular shows" />
            <DiscoverRow row="upcoming-movies" title="Upcoming movies" />
            <DiscoverRow row="upcoming-tv" title="Upcoming shows" />
          </>
        )
      ) : (
        <>
          <InLibraryStrip q={q} />
          <h2 className="mb-3 text-lg font-semibold">Movies and shows</h2>
          {search.isPending ? (
            <PosterGridSkeleton count={8} label="Searching" />
          ) : search.isError ? (
            isServiceDown(search.error, 'overseerr') ? null : <ErrorState error={search.error} onRetry={() => void search.refetch()} />
          ) : search.data.results.length === 0 ? (
            <EmptyState title={`No matches for "${q}"`} message="Check the spelling, or try the original title or fewer words." />
          ) : (
            <>
              <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3 2xl:grid-cols-4" aria-busy={search.isPlaceholderData}>
                {search.data.results.map((result) => (
                  <ResultCard
                    key={`${result.mediaType}-${result.tmdbId}`}
                    result={result}
                    requestsAvailable={!overseerrDown}
                    onRequest={() => setRequesting(result)}
                  />
                ))}
              </ul>
              {search.data.totalPages > 1 ? (
                <nav aria-label="Result pages" className="mt-6 flex items-center justify-between gap-3">
                  <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                    Previous
                  </Button>
                  <p className="text-sm text-slate-600 dark:text-slate-400">
                    Page {search.data.page} of {search.data.totalPages}
                  </p>
                  <Button variant="secondary" size="sm" disabled={page >= search.data.totalPages} onClick={() => goTo(page + 1)}>
                    Next
                  </Button>
                </nav>
              ) : null}
            </>
          )}
        </>
      )}
      {requesting ? <RequestDialog result={requesting} onClose={() => setRequesting(null)} /> : null}
    </>
  );
}
