import { Button } from '../../components/Button';
import { PlexProblemAlert, PlexWaiting } from '../../widgets/plex/PlexPinStatus';
import { usePlexSignIn } from './usePlexSignIn';

export function PlexSignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { state, start, cancel } = usePlexSignIn(onSignedIn);

  if (state.phase === 'waiting') {
    return <PlexWaiting code={state.code} authUrl={state.authUrl} popupBlocked={state.popupBlocked} onCancel={cancel} />;
  }

  return (
    <div>
      {state.phase === 'failed' ? <PlexProblemAlert problem={state.problem} /> : null}
      <Button className="w-full py-3 text-base" onClick={() => void start()} loading={state.phase === 'starting'}>
        {state.phase === 'failed' ? 'Try Plex again' : 'Sign in with Plex'}
      </Button>
    </div>
  );
}
