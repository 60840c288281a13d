import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCollections, useLibraries, usePlexSearch } from '../../api/queries/plex';
import type { LibraryType } from '../../api/types';
import { FilmIcon, LibraryIcon, SearchIcon } from '../../components/icons';
import { PageHeader, Section } from '../../components/PageHeader';
import { Skeleton } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { CollectionGrid } from './CollectionGrid';
import { PosterGridSkeleton } from '../../components/Poster';
import { MediaGrid } from './MediaGrid';

const TYPE_LABEL: Record<LibraryType, string> = { movie: 'Movies', show: 'TV shows', artist: 'Music', photo: 'Photos' };

function typeLabel(title: string, type: LibraryType): string | null {
  const label = TYPE_LABEL[type] ?? type;
  return label.toLowerCase() === title.trim().toLowerCase() ? null : label;
}

function LibrarySearch() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [value, setValue] = useState(q);
  const results = usePlexSearch(q);
  return (
    <Section title="Search the library">
      <form
        role="search"
        aria-label="Search the library"
        className="relative max-w-xl"
        onSubmit={(event) => {
          event.preventDefault();
          setParams(value.trim() ? { q: value.trim() } : {});
        }}
      >
        <label htmlFor="library-search" className="sr-only">
          Search titles on the server
        </label>
        <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-500" />
        <input
          id="library-search"
          type="search"
          maxLength={100}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          placeholder="Titles already on the server"
          className="field-input pl-9"
        />
      </form>
      {q ? (
        <div className="mt-4">
          {results.isPending ? (
            <PosterGridSkeleton count={6} label="Searching" />
          ) : results.isError ? (
            <ErrorState error={results.error} onRetry={() => void results.refetch()} />
          ) : results.data.length === 0 ? (
            <EmptyState
              title={`Nothing on the server matches "${q}"`}
              message="It may not be added yet. Search Discover to request it."
              action={
                <Link className="font-medium text-brand-700 underline dark:text-brand-400" to={`/discover?q=${encodeURIComponent(q)}`}>
                  Search Discover for "{q}"
                </Link>
              }
            />
          ) : (
            <MediaGrid items={results.data} label={`Library results for ${q}`} />
          )}
        </div>
      ) : null}
    </Section>
  );
}

export default function LibrariesPage() {
  const libraries = useLibraries();
  const collections = useCollections();
  return (
    <>
      <PageHeader title="Library" description="Everything on the Plex server, by library." />
      <LibrarySearch />
      <Section title="Libraries">
        {libraries.isPending ? (
          <div role="status" aria-label="Loading libraries" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
            {Array.from({ length: 4 }, (_, index) => (
              <Skeleton key={index} className="h-20" />
            ))}
          </div>
        ) : libraries.isError ? (
          <ErrorState error={libraries.error} onRetry={() => void libraries.refetch()} />
        ) : libraries.data.length === 0 ? (
          <EmptyState title="No libraries yet" message="The Plex server has no libraries to show. Ask the admin to add one in Plex." />
        ) : (
          <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
            {libraries.data.map((library) => (
              <li key={library.id}>
                <Link
                  to={`/library/${encodeURIComponent(library.id)}`}
                  className="card flex items-center gap-4 p-4 transition hover:bg-slate-50 dark:hover:bg-slate-800/60"
                >
                  <span className="rounded-lg bg-brand-500/15 p-3 text-brand-700 dark:text-brand-400">
                    {library.type === 'movie' ? <FilmIcon /> : <LibraryIcon />}
                  </span>
                  <span className="min-w-0">
                    <span className="block truncate font-semibold">{library.title}</span>
                    {/* The kind, unless the library's name already says it ("Movies": movies). */}
                    {typeLabel(library.title, library.type) ? (
                      <span className="text-sm text-slate-600 dark:text-slate-400">{typeLabel(library.title, library.type)}</span>
                    ) : null}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {collections.data && collections.data.length > 0 ? (
        <Section title="Collections">
          <CollectionGrid collections={collections.data} />
        </Section>
      ) : null}
    </>
  );
}
