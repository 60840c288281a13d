import { Link } from 'react-router';
import type { MediaRequest } from '../api/types';
import { PosterImage } from '../components/Poster';
import { timeAgo } from '../lib/format';
import { RequestStatusBadge } from './StateBadge';

export function describeSeasons(seasons: MediaRequest['seasons']): string | null {
  if (seasons === null) return null;
  if (seasons === 'all') return 'All seasons';
  if (seasons.length === 1) return `Season ${seasons[0]}`;
  return `Seasons ${seasons.join(', ')}`;
}

/** One request in a list: poster, title, seasons, status and when it last changed. */
export function RequestRow({ request, actions }: { request: MediaRequest; actions?: React.ReactNode }) {
  const seasons = describeSeasons(request.seasons);
  return (
    <li className="flex items-center gap-3 py-3 sm:gap-4">
      <PosterImage src={request.posterUrl} alt="" className="w-12 shrink-0 sm:w-14" />
      <div className="min-w-0 flex-1">
        <Link to={`/requests/${encodeURIComponent(request.id)}`} className="block truncate font-semibold hover:underline">
          {request.title}
          {request.year ? <span className="font-normal text-slate-600 dark:text-slate-400"> ({request.year})</span> : null}
        </Link>
        <p className="mt-0.5 truncate text-xs text-slate-600 dark:text-slate-400">
          {request.mediaType === 'tv' ? 'Show' : 'Movie'}
          {seasons ? ` · ${seasons}` : ''} · updated {timeAgo(request.updatedAt)}
        </p>
        <div className="mt-1.5">
          <RequestStatusBadge status={request.status} />
        </div>
      </div>
      {actions ? <div className="shrink-0">{actions}</div> : null}
    </li>
  );
}
