import { useEffect, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { PlexProblemAlert, PlexWaiting } from '../../widgets/plex/PlexPinStatus';
import { usePlexLink } from './usePlexLink';

function LinkPlexFlow({ onDone }: { onDone: () => void }) {
  const [linked, setLinked] = useState(false);
  const { state, start, cancel } = usePlexLink(() => setLinked(true));
  const done = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    // The Cancel button that had focus is gone; keep focus inside the dialog.
    if (linked) done.current?.focus();
  }, [linked]);

  if (linked) {
    return (
      <div>
        <div role="status" className="rounded-xl border border-emerald-300 bg-emerald-50 p-4 text-emerald-950 dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-100">
          <p className="font-semibold">Your Plex account is linked</p>
          <p className="mt-1 text-sm">From now on you can also sign in with Plex, and MediaNest shows your Plex picture.</p>
        </div>
        <div className="mt-6 flex justify-end">
          <Button ref={done} onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  if (state.phase === 'waiting') {
    return <PlexWaiting code={state.code} authUrl={state.authUrl} popupBlocked={state.popupBlocked} onCancel={cancel} />;
  }

  return (
    <div>
      {state.phase === 'failed' ? <PlexProblemAlert problem={state.problem} /> : null}
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        A Plex window opens: sign in there with the Plex account that owns this server or that it is shared with, and approve
        MediaNest. Your MediaNest password keeps working.
      </p>
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Not now
        </Button>
        <Button data-autofocus onClick={() => void start()} loading={state.phase === 'starting'}>
          {state.phase === 'failed' ? 'Try again' : 'Continue to Plex'}
        </Button>
      </div>
    </div>
  );
}

/**
 * Links a Plex account to the signed-in user (the bootstrap admin has none). Closing the dialog
 * abandons an attempt that is still waiting for Plex.
 */
export function LinkPlexDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const close = () => {
    onClose();
    // After linking, the button that opened the dialog is gone: move focus to the page instead of losing it.
    setTimeout(() => {
      if (!document.activeElement || document.activeElement === document.body) document.getElementById('main')?.focus();
    }, 0);
  };
  return (
    <Dialog open={open} onClose={close} title="Link your Plex account" description="Then you can sign in with Plex too.">
      <LinkPlexFlow onDone={close} />
    </Dialog>
  );
}
