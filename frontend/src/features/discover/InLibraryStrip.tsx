import { Link } from 'react-router';
import { usePlexSearch } from '../../api/queries/plex';
import { PosterImage } from '../../components/Poster';

/** Titles matching the search that are already on the Plex server (hidden when none). */
export function InLibraryStrip({ q }: { q: string }) {
  const results = usePlexSearch(q);
  const items = results.data?.filter((item) => item.type === 'movie' || item.type === 'show').slice(0, 6) ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-label="Already on the server" className="mb-8">
      <h2 className="mb-3 text-lg font-semibold">Already on the server</h2>
      <ul className="grid grid-cols-3 gap-3 sm:grid-cols-6">
        {items.map((item) => (
          <li key={item.id}>
            <Link to={`/item/${encodeURIComponent(item.id)}`} className="group block rounded-lg">
              <PosterImage src={item.thumbUrl} alt="" className="group-hover:ring-2 group-hover:ring-brand-500" />
              <p className="mt-1 truncate text-xs font-medium">{item.title}</p>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
