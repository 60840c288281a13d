import type { MediaItem } from '../../api/types';
import { PosterCard, PosterGrid } from '../../components/Poster';

function itemSubtitle(item: MediaItem): string | null {
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
