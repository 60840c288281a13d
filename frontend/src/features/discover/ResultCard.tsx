import { Link } from 'react-router';
import type { SearchResult } from '../../api/types';
import { Button } from '../../components/Button';
import { PosterImage } from '../../components/Poster';
import { AvailabilityBadge } from '../requests/RequestStatusBadge';
import { FollowButton } from '../follows/FollowButton';

function canRequest(result: SearchResult): boolean {
  return result.status === 'not_requested' || (result.mediaType === 'tv' && result.status === 'partially_available');
}

export function ResultCard({
  result,
  requestsAvailable,
  onRequest,
}: {
  result: SearchResult;
  requestsAvailable: boolean;
  onRequest: () => void;
}) {
  const name = `${result.title}${result.year ? ` (${result.year})` : ''}`;
  return (
    <li className="card flex gap-4 p-3">
      <PosterImage src={result.posterUrl} alt="" className="w-24 shrink-0 self-start" />
      <div className="flex min-w-0 flex-1 flex-col">
        <h3 className="font-semibold break-words">
          {result.title}
          {result.year ? <span className="font-normal text-slate-600 dark:text-slate-400"> ({result.year})</span> : null}
        </h3>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
          <span>{result.mediaType === 'tv' ? 'TV show' : 'Movie'}</span>
          <AvailabilityBadge status={result.status} />
        </div>
        {result.overview ? (
          <p className="mt-2 line-clamp-3 text-sm text-slate-700 dark:text-slate-300">{result.overview}</p>
        ) : null}
        <div className="mt-auto flex flex-wrap gap-2 pt-3">
          {result.status !== 'available' ? <FollowButton tmdbId={result.tmdbId} mediaType={result.mediaType} title={name} /> : null}
          {canRequest(result) ? (
            <Button
              size="sm"
              onClick={onRequest}
              disabled={!requestsAvailable}
              aria-label={`${result.status === 'partially_available' ? 'Request more' : 'Request'}: ${name}`}
              title={requestsAvailable ? undefined : 'Requests are unavailable while Overseerr is down'}
            >
              {result.status === 'partially_available' ? 'Request more' : 'Request'}
            </Button>
          ) : null}
          {result.requestId ? (
            <Link
              to={`/requests/${encodeURIComponent(result.requestId)}`}
              className="inline-flex items-center rounded-lg px-3 py-1.5 text-sm font-medium text-brand-700 hover:underline dark:text-brand-400"
            >
              View request
            </Link>
          ) : null}
        </div>
      </div>
    </li>
  );
}
