import { useParams, useSearchParams } from 'react-router';
import { LIBRARY_PAGE_SIZE, useCollectionItems } from '../../api/queries/plex';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { EmptyState, ErrorState } from '../../components/States';
import { plural } from '../../lib/format';
import { PosterGridSkeleton } from '../../components/Poster';
import { MediaGrid } from './MediaGrid';

export default function CollectionPage() {
  const { collectionId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const title = params.get('title') || 'Collection';
  const items = useCollectionItems(collectionId, page);
  return (
    <>
      <PageHeader title={title} description={items.data ? plural(items.data.total, 'title') : undefined} />
      {items.isPending ? (
        <PosterGridSkeleton />
      ) : items.isError ? (
        <ErrorState error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.items.length === 0 ? (
        <EmptyState title="This collection is empty" />
      ) : (
        <>
          <MediaGrid items={items.data.items} label={title} />
          <Pagination
            page={page}
            pageSize={LIBRARY_PAGE_SIZE}
            total={items.data.total}
            onChange={(next) => {
              const merged = new URLSearchParams(params);
              merged.set('page', String(next));
              setParams(merged);
            }}
          />
        </>
      )}
    </>
  );
}
