import { Link, useNavigate, useParams } from 'react-router';
import { useDocumentTitle } from '../../components/PageHeader';
import { useRequest } from '../../api/queries/media';
import { PosterImage } from '../../components/Poster';
import { Skeleton } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { formatDateTime } from '../../lib/format';
import { FollowButton } from '../../widgets/FollowButton';
import { CancelRequestButton } from './CancelRequestButton';
import { describeSeasons } from '../../widgets/RequestRow';
import { REQUEST_STATUS_LABEL, RequestStatusBadge } from '../../widgets/StateBadge';

export default function RequestDetailPage() {
  const { requestId = '' } = useParams();
  const navigate = useNavigate();
  const query = useRequest(requestId);
  useDocumentTitle(query.data ? `Request: ${query.data.title}` : 'Request');
  if (query.isPending) {
    return (
      <div role="status" aria-label="Loading request" className="space-y-3">
        <Skeleton className="h-8 w-1/2" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const request = query.data;
  const seasons = describeSeasons(request.seasons);
  const history = [...request.history].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <article>
      <Link to="/requests" className="mb-4 inline-block text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
        ← My requests
      </Link>
      <div className="flex flex-col gap-6 sm:flex-row">
        <PosterImage src={request.posterUrl} alt={`Poster of ${request.title}`} className="w-36 shrink-0 self-start" />
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-bold break-words sm:text-3xl">
            {request.title}
            {request.year ? <span className="font-normal text-slate-600 dark:text-slate-400"> ({request.year})</span> : null}
          </h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {request.mediaType === 'tv' ? 'TV show' : 'Movie'}
            {seasons ? ` · ${seasons}` : ''} · requested {formatDateTime(request.createdAt)}
          </p>
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <RequestStatusBadge status={request.status} />
            <CancelRequestButton request={request} onCancelled={() => navigate('/requests')} />
            {request.tmdbId ? <FollowButton tmdbId={request.tmdbId} mediaType={request.mediaType} title={request.title} /> : null}
          </div>
          <section aria-label="Status history" className="mt-8">
            <h2 className="mb-3 text-lg font-semibold">Status history</h2>
            <ol className="relative space-y-4 border-l border-slate-300 pl-5 dark:border-slate-700">
              {history.map((entry, index) => (
                <li key={`${entry.status}-${entry.at}-${index}`} className="relative">
                  <span
                    aria-hidden="true"
                    className={`absolute top-1.5 -left-[26px] h-3 w-3 rounded-full border-2 border-white dark:border-slate-950 ${index === 0 ? 'bg-brand-500' : 'bg-slate-400'}`}
                  />
                  <p className="text-sm font-medium">{REQUEST_STATUS_LABEL[entry.status] ?? entry.status}</p>
                  <p className="text-xs text-slate-600 dark:text-slate-400">
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                  </p>
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </article>
  );
}
