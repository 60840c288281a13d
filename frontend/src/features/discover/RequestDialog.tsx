import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, describeError, describeReset, isServiceDown } from '../../api/errors';
import { useCreateRequest, useTitle } from '../../api/queries/media';
import type { SearchResult, TitleSeason } from '../../api/types';
import { Spinner } from '../../components/Spinner';
import { QuotaNote } from './QuotaNote';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/Toast';
import { SeasonPicker } from './SeasonPicker';

function RequestProblem({ error }: { error: unknown }) {
  let title = describeError(error).title;
  let message: React.ReactNode = describeError(error).message;
  if (error instanceof ApiError) {
    if (error.code === 'DUPLICATE_REQUEST') {
      title = 'Already requested';
      message = (
        <>
          You already have an open request for this, or it is already on the server.{' '}
          <Link to="/requests" className="font-medium underline">
            See your requests
          </Link>
          .
        </>
      );
    } else if (error.code === 'RATE_LIMITED') {
      const reset = describeReset(error);
      title = 'Hourly request limit reached';
      message = `You've made as many requests as allowed in an hour. You can request again ${reset || 'within the hour'}.`;
    } else if (error.code === 'QUOTA_EXCEEDED') {
      title = 'Request quota used up';
      message = 'Your Overseerr request quota is used up. Wait until it resets, or ask an admin to raise it.';
    } else if (error.code === 'NOT_CONFIGURED') {
      title = "Requests aren't set up yet";
      message = 'An admin needs to connect Overseerr in Admin → Settings before anything can be requested.';
    } else if (isServiceDown(error, 'overseerr')) {
      title = "Requests are unavailable right now";
      message = "Overseerr isn't answering, so nothing can be requested at the moment. Try again later; you can still browse the library.";
    }
  }
  return (
    <div role="alert" className="mt-4 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-100">
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{message}</p>
    </div>
  );
}

/** Confirms a request; shows get a season choice. */
export function RequestDialog({ result, onClose }: { result: SearchResult & { seasons?: TitleSeason[] }; onClose: () => void }) {
  const create = useCreateRequest();
  const toast = useToast();
  const isShow = result.mediaType === 'tv';
  // The picker needs the show's real seasons: from the title page, else fetched here.
  const fetched = useTitle('tv', isShow && !result.seasons ? result.tmdbId : 0);
  const showSeasons = result.seasons ?? fetched.data?.seasons;
  const offerAll = showSeasons !== undefined && showSeasons.length > 0 && showSeasons.every((s) => s.requestable);
  const [allChoice, setAllSeasons] = useState(true);
  const allSeasons = offerAll && allChoice;
  const [seasons, setSeasons] = useState<number[]>([]);
  const blocked = create.error ? isServiceDown(create.error, 'overseerr') || isApiCode(create.error, 'DUPLICATE_REQUEST') : false;
  const noSeasonChosen = isShow && !allSeasons && seasons.length === 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (noSeasonChosen) return;
    const input = isShow
      ? { tmdbId: result.tmdbId, mediaType: result.mediaType, seasons: allSeasons ? ('all' as const) : [...seasons].sort((a, b) => a - b) }
      : { tmdbId: result.tmdbId, mediaType: result.mediaType };
    create.mutate(input, {
      onSuccess: () => {
        toast({ tone: 'success', title: `Requested ${result.title}`, message: "We'll let you know when it's ready to watch." });
        onClose();
      },
    });
  };

  const name = `${result.title}${result.year ? ` (${result.year})` : ''}`;
  return (
    <Dialog open onClose={onClose} title={`Request ${name}?`} description={isShow ? 'Choose which seasons you want.' : 'It will be added to the server once approved.'}>
      <form onSubmit={submit}>
        {isShow && showSeasons ? (
          <SeasonPicker seasons={showSeasons} all={allSeasons} onAllChange={setAllSeasons} selected={seasons} onSelectedChange={setSeasons} />
        ) : isShow && fetched.isError ? (
          <RequestProblem error={fetched.error} />
        ) : isShow ? (
          <p className="flex items-center gap-2 text-sm">
            <Spinner /> Loading the seasons…
          </p>
        ) : null}
        <QuotaNote mediaType={result.mediaType} />
        {noSeasonChosen ? <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">Pick at least one season.</p> : null}
        {create.isError ? <RequestProblem error={create.error} /> : null}
        <div className="mt-6 flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} disabled={blocked || noSeasonChosen}>
            {isShow ? 'Request seasons' : 'Request movie'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function isApiCode(error: unknown, code: string): boolean {
  return error instanceof ApiError && error.code === code;
}
