import { Button } from '../../components/Button';
import { Spinner } from '../../components/Spinner';
import type { PlexProblem } from './usePlexPin';

/** While a Plex PIN waits for approval: the code, a way back to the Plex window, and Cancel. */
export function PlexWaiting({
  code,
  authUrl,
  popupBlocked,
  onCancel,
}: {
  code: string;
  authUrl: string;
  popupBlocked: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="text-center" aria-live="polite">
      <div className="mb-3 flex justify-center text-brand-500">
        <Spinner size="lg" label="" />
      </div>
      <p className="font-semibold">Waiting for you to approve in Plex…</p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {popupBlocked
          ? 'Your browser blocked the Plex window. Open it with the button below, then sign in and approve MediaNest.'
          : 'Sign in and approve MediaNest in the Plex window. This page continues on its own.'}
      </p>
      <p className="mt-3 text-sm">
        Code: <span className="font-mono font-semibold tracking-widest">{code}</span>
      </p>
      <div className="mt-4 flex flex-wrap justify-center gap-2">
        <a
          href={authUrl}
          target="_blank"
          rel="noopener noreferrer"
          className="inline-flex items-center rounded-lg bg-brand-500 px-4 py-2 text-sm font-medium text-slate-950 hover:bg-brand-400"
        >
          {popupBlocked ? 'Open Plex sign-in' : 'Reopen the Plex window'}
        </a>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

/** Why a Plex PIN flow failed, in plain words. */
export function PlexProblemAlert({ problem }: { problem: PlexProblem }) {
  return (
    <div role="alert" className="mb-4 rounded-xl border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-100">
      <p className="font-semibold">{problem.title}</p>
      <p className="mt-1 text-sm">{problem.message}</p>
    </div>
  );
}
