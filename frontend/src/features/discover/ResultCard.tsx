import { Link } from 'react-router';
import type { SearchResult } from '../../api/types';
import { Button } from '../../components/Button';
import { PosterImage } from '../../components/Poster';
import { StateBadge, titleState } from '../../widgets/StateBadge';
import { FollowButton } from '../../widgets/FollowButton';

/** Whether the card offers a request: nothing asked yet (or declined), or seasons of a show still missing. */
function canRequest(result: SearchResult): boolean {
  const state = titleState(result);
  return state === 'not_requested' || state === 'declined' || (result.mediaType === 'tv' && state === 'partially_available');
}

export function titlePath(result: Pick<SearchResult, 'mediaType' | 'tmdbId'>): string {
  return `/title/${result.mediaType}/${result.tmdbId}`;
}

function requestLabel(result: SearchResult): string {
  const state = titleState(result);
  return state === 'partially_available' ? 'Request more' : state === 'declined' ? 'Request again' : 'Request';
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
  const label = requestLabel(result);
  return (
    <li className="card flex gap-4 p-3">
      <Link to={titlePath(result)} tabIndex={-1} aria-hidden="true" className="w-24 shrink-0 self-start">
        <PosterImage src={result.posterUrl} alt="" />
      </Link>
      <div className="flex min-w-0 flex-1 flex-col">
        <h3 className="font-semibold break-words">
          <Link to={titlePath(result)} className="hover:underline">
            {result.title}
            {result.year ? <span className="font-normal text-slate-600 dark:text-slate-400"> ({result.year})</span> : null}
          </Link>
        </h3>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
          <span>{result.mediaType === 'tv' ? 'TV show' : 'Movie'}</span>
          <StateBadge state={titleState(result)} />
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
              aria-label={`${label}: ${name}`}
              title={requestsAvailable ? undefined : 'Requests are unavailable while Overseerr is down'}
            >
              {label}
            </Button>
          ) : null}
          {result.libraryItemId ? (
            <Link
              to={`/item/${encodeURIComponent(result.libraryItemId)}`}
              className="inline-flex items-center rounded-lg px-3 py-1.5 text-sm font-medium text-brand-700 hover:underline dark:text-brand-400"
            >
              Open in library
            </Link>
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
