import type { MediaItem } from '../../api/types';
import { PosterCard, PosterGrid } from '../../components/Poster';
import { Skeleton } from '../../components/Skeleton';

export function itemSubtitle(item: MediaItem): string | null {
  return item.year ? String(item.year) : null;
}

export function MediaGrid({ items, label }: { items: MediaItem[]; label: string }) {
  return (
    <PosterGrid label={label}>
      {items.map((item) => (
        <li key={item.id}>
          <PosterCard to={`/item/${encodeURIComponent(item.id)}`} title={item.title} subtitle={itemSubtitle(item)} src={item.thumbUrl} />
        </li>
      ))}
    </PosterGrid>
  );
}

export function PosterGridSkeleton({ count = 12, label = 'Loading titles' }: { count?: number; label?: string }) {
  return (
    <div
      role="status"
      aria-label={label}
      className="grid grid-cols-2 gap-4 min-[400px]:grid-cols-3 sm:grid-cols-4 md:grid-cols-5 xl:grid-cols-6 2xl:grid-cols-8"
    >
      {Array.from({ length: count }, (_, index) => (
        <div key={index}>
          <Skeleton className="aspect-[2/3]" />
          <Skeleton className="mt-2 h-3 w-3/4" />
        </div>
      ))}
    </div>
  );
}
