import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useOverseerrAvailability, useTitle } from '../../api/queries/media';
import type { RequestAction, TitleDetails } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { useDocumentTitle } from '../../components/PageHeader';
import { PosterImage } from '../../components/Poster';
import { Skeleton } from '../../components/Skeleton';
import { ErrorState, Notice } from '../../components/States';
import { formatDate } from '../../lib/format';
import { FollowButton } from '../../widgets/FollowButton';
import { STATE_LABEL, StateBadge, titleState } from '../../widgets/StateBadge';
import { RequestDialog } from './RequestDialog';

const ACTION_BUTTON: Partial<Record<RequestAction, string>> = { request: 'Request', request_more: 'Request more seasons', declined: 'Request again' };
const ACTION_NOTE: Partial<Record<RequestAction, string>> = {
  requested: 'Requested: it will be added once approved and downloaded.',
  available: 'On the server, ready to watch.',
  declined: 'Your request was declined. You can ask again.',
};

function runtime(minutes: number | null): string | null {
  if (!minutes) return null;
  const h = Math.floor(minutes / 60);
  return h ? `${h} h ${minutes % 60} min` : `${minutes} min`;
}

function Facts({ title }: { title: TitleDetails }) {
  const facts = [
    title.releaseDate ? formatDate(title.releaseDate) : null,
    runtime(title.runtimeMinutes) ? `${runtime(title.runtimeMinutes)}${title.mediaType === 'tv' ? ' per episode' : ''}` : null,
    title.rating ? `Rated ${title.rating.toFixed(1)} / 10` : null,
  ].filter((f): f is string => f !== null);
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700 dark:text-slate-300" aria-label="Facts">
      {facts.map((f) => (
        <li key={f}>{f}</li>
      ))}
    </ul>
  );
}

function Seasons({ title }: { title: TitleDetails }) {
  if (title.seasons.length === 0) return null;
  return (
    <section aria-label="Seasons" className="mt-10">
      <h2 className="mb-3 text-lg font-semibold">Seasons</h2>
      <ul className="card divide-y divide-slate-200 dark:divide-slate-800">
        {title.seasons.map((s) => (
          <li key={s.seasonNumber} className="flex items-center justify-between gap-3 p-3">
            <span className="min-w-0">
              <span className="font-medium">{s.name}</span>
              <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">
                {[s.episodeCount ? `${s.episodeCount} episodes` : null, s.airDate ? s.airDate.slice(0, 4) : null].filter(Boolean).join(' · ')}
              </span>
            </span>
            <StateBadge state={s.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Cast({ title }: { title: TitleDetails }) {
  if (title.cast.length === 0) return null;
  return (
    <section aria-label="Cast" className="mt-10">
      <h2 className="mb-3 text-lg font-semibold">Cast</h2>
      <ul className="flex gap-4 overflow-x-auto pb-2">
        {title.cast.map((c) => (
          <li key={`${c.name}-${c.character ?? ''}`} className="w-24 shrink-0 text-sm">
            <PosterImage src={c.profileUrl} alt="" />
            <p className="mt-1 truncate font-medium" title={c.name}>
              {c.name}
            </p>
            {c.character ? <p className="truncate text-xs text-slate-600 dark:text-slate-400">{c.character}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A movie's or show's page: what it is, whether it is here, and the one request button that fits its state. */
export default function TitlePage() {
  const params = useParams();
  const mediaType = params.mediaType === 'tv' ? 'tv' : 'movie';
  const tmdbId = Number(params.tmdbId);
  const query = useTitle(mediaType, tmdbId);
  const { available: requestsAvailable } = useOverseerrAvailability();
  const [requesting, setRequesting] = useState(false);
  const title = query.data;
  useDocumentTitle(title ? `${title.title}${title.year ? ` (${title.year})` : ''}` : 'Title');

  if (query.isPending) {
    return (
      <div role="status" aria-label="Loading the title" className="space-y-4">
        <Skeleton className="h-56 w-full" />
        <Skeleton className="h-8 w-1/2" />
      </div>
    );
  }
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const t = query.data;
  const button = ACTION_BUTTON[t.action];
  const note = ACTION_NOTE[t.action];
  return (
    <article>
      <div className="relative -mx-3 -mt-6 mb-6 overflow-hidden sm:mx-0 sm:mt-0 sm:rounded-xl">
        {t.backdropUrl ? <img src={t.backdropUrl} alt="" className="h-40 w-full object-cover opacity-60 sm:h-64" /> : <div className="h-16 sm:h-24" />}
      </div>
      <div className="flex flex-col gap-6 sm:flex-row">
        <PosterImage src={t.posterUrl} alt="" className="w-36 shrink-0 self-start sm:w-48" />
        <div className="min-w-0 flex-1">
          <h1 className="text-2xl font-bold sm:text-3xl">
            {t.title}
            {t.year ? <span className="font-normal text-slate-600 dark:text-slate-400"> ({t.year})</span> : null}
          </h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <span>{t.mediaType === 'tv' ? 'TV show' : 'Movie'}</span>
            <StateBadge state={titleState(t)} />
            {t.genres.map((g) => (
              <Badge key={g}>{g}</Badge>
            ))}
          </div>
          <Facts title={t} />
          {t.overview ? <p className="mt-4 max-w-3xl text-slate-800 dark:text-slate-200">{t.overview}</p> : null}
          <div className="mt-5 flex flex-wrap items-center gap-2">
            {button ? (
              <Button onClick={() => setRequesting(true)} disabled={!requestsAvailable} title={requestsAvailable ? undefined : 'Requests are unavailable while Overseerr is down'}>
                {button}
              </Button>
            ) : (
              <Badge tone={t.action === 'available' ? 'green' : 'yellow'}>{t.action === 'available' ? STATE_LABEL.available : STATE_LABEL.requested}</Badge>
            )}
            {t.mediaType === 'tv' || t.action !== 'available' ? <FollowButton tmdbId={t.tmdbId} mediaType={t.mediaType} title={`${t.title}${t.year ? ` (${t.year})` : ''}`} size="md" /> : null}
            {t.plexUrl ? (
              <a href={t.plexUrl} target="_blank" rel="noreferrer" className="inline-flex items-center rounded-lg px-3 py-2 text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
                Watch on Plex
              </a>
            ) : null}
            {t.libraryItemId ? (
              <Link to={`/item/${encodeURIComponent(t.libraryItemId)}`} className="inline-flex items-center rounded-lg px-3 py-2 text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
                Open in library
              </Link>
            ) : null}
            {t.trailerUrl ? (
              <a href={t.trailerUrl} target="_blank" rel="noreferrer" className="inline-flex items-center rounded-lg px-3 py-2 text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
                Watch the trailer
              </a>
            ) : null}
            {t.requestId ? (
              <Link to={`/requests/${encodeURIComponent(t.requestId)}`} className="inline-flex items-center rounded-lg px-3 py-2 text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
                View your request
              </Link>
            ) : null}
          </div>
          {note ? <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{note}</p> : null}
          {!requestsAvailable && button ? (
            <div className="mt-4">
              <Notice tone="warning">Requests are unavailable right now: Overseerr isn&apos;t answering or isn&apos;t set up.</Notice>
            </div>
          ) : null}
        </div>
      </div>
      <Seasons title={t} />
      <Cast title={t} />
      {requesting ? <RequestDialog result={t} onClose={() => setRequesting(false)} /> : null}
    </article>
  );
}
