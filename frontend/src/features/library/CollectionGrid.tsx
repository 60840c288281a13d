import type { Collection } from '../../api/types';
import { PosterCard, PosterGrid } from '../../components/Poster';
import { plural } from '../../lib/format';

export function CollectionGrid({ collections }: { collections: Collection[] }) {
  return (
    <PosterGrid label="Collections">
      {collections.map((collection) => (
        <li key={collection.id}>
          <PosterCard
            to={`/collection/${encodeURIComponent(collection.id)}?title=${encodeURIComponent(collection.title)}`}
            title={collection.title}
            subtitle={plural(collection.childCount, 'title')}
            src={collection.thumbUrl}
          />
        </li>
      ))}
    </PosterGrid>
  );
}
