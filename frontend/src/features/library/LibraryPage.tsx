import { useParams, useSearchParams } from 'react-router';
import { LIBRARY_PAGE_SIZE, useCollections, useLibraries, useLibraryItems } from '../../api/queries/plex';
import type { LibrarySort } from '../../api/types';
import { SelectField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState } from '../../components/States';
import { plural } from '../../lib/format';
import { CollectionGrid } from './CollectionGrid';
import { PosterGridSkeleton } from '../../components/Poster';
import { MediaGrid } from './MediaGrid';

const SORTS: { value: LibrarySort; label: string }[] = [
  { value: 'title', label: 'Title (A–Z)' },
  { value: 'addedAt', label: 'Recently added' },
  { value: 'year', label: 'Year' },
];

function readSort(value: string | null): LibrarySort {
  return SORTS.some((sort) => sort.value === value) ? (value as LibrarySort) : 'title';
}

export default function LibraryPage() {
  const { libraryId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sort = readSort(params.get('sort'));
  const tab = params.get('view') === 'collections' ? 'collections' : 'all';
  const libraries = useLibraries();
  const library = libraries.data?.find((entry) => entry.id === libraryId);
  const items = useLibraryItems(libraryId, page, sort);
  const collections = useCollections(libraryId);

  const update = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) merged.set(key, value);
    setParams(merged);
    window.scrollTo?.({ top: 0 });
  };

  return (
    <>
      <PageHeader
        title={library?.title ?? 'Library'}
        description={items.data ? plural(items.data.total, 'title') : undefined}
        actions={
          tab === 'all' ? (
            <div className="w-48">
              <SelectField label="Sort by" value={sort} onChange={(event) => update({ sort: event.target.value, page: '1' })}>
                {SORTS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </SelectField>
            </div>
          ) : null
        }
      />
      {collections.data && collections.data.length > 0 ? (
        <div role="group" aria-label="Show" className="mb-6 inline-flex rounded-lg border border-slate-300 p-0.5 dark:border-slate-700">
          {(['all', 'collections'] as const).map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={tab === value}
              onClick={() => update({ view: value, page: '1' })}
              className={`rounded-md px-3 py-1 text-sm font-medium ${tab === value ? 'bg-brand-500 text-slate-950' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
            >
              {value === 'all' ? 'All titles' : 'Collections'}
            </button>
          ))}
        </div>
      ) : null}
      {tab === 'collections' && collections.data ? (
        <CollectionGrid collections={collections.data} />
      ) : items.isPending ? (
        <PosterGridSkeleton />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.items.length === 0 ? (
        <EmptyState
          title={page > 1 ? 'No more titles' : 'This library is empty'}
          message={page > 1 ? 'Go back to the first page.' : 'Titles show up here once Plex adds them.'}
        />
      ) : (
        <div aria-busy={items.isPlaceholderData}>
          <MediaGrid items={items.data.items} label={library?.title ?? 'Titles'} />
          <Pagination
            page={page}
            pageSize={LIBRARY_PAGE_SIZE}
            total={items.data.total}
            onChange={(next) => update({ page: String(next) })}
          />
        </div>
      )}
    </>
  );
}
