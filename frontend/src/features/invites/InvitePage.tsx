import { useRef } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useApiClient, useAuth } from '../../api/context';
import { ApiError } from '../../api/errors';
import { Button, buttonClass } from '../../components/Button';
import { Logo } from '../../components/icons';
import { FullPageSpinner } from '../../components/Spinner';
import { formatDate } from '../../lib/format';
import { PlexProblemAlert, PlexWaiting } from '../../widgets/plex/PlexPinStatus';
import { usePlexPin, type PlexProblems } from '../../widgets/plex/usePlexPin';
import { useAcceptInviteCall, usePublicInvite, type AcceptResult, type PublicInvite } from '../../api/queries/invites';
import { useDocumentTitle } from '../../components/PageHeader';

const PROBLEMS = {
  denied: { title: 'Plex did not let MediaNest in', message: 'Try again, and approve MediaNest in the Plex window.' },
  expired: { title: 'The Plex sign-in expired', message: 'It was not approved in time. Select "Accept with Plex" to try again.' },
  unreachable: { title: "Plex couldn't finish", message: 'Nothing was changed and your invitation is still valid. Try again in a few minutes.' },
  notConfigured: { title: 'Invitations are not set up', message: 'The owner of this MediaNest needs to connect their Plex server first.' },
  suspended: { title: 'This account is suspended', message: 'Ask the person who invited you.' },
  invalid: { title: 'This sign-in attempt is no longer valid', message: 'Select "Accept with Plex" to start again.' },
  conflict: { title: 'You already have access', message: 'Sign in with Plex instead.' },
  rateLimitedTitle: 'Too many attempts',
} satisfies PlexProblems;

function goneMessage(error: unknown): { title: string; message: string } {
  if (error instanceof ApiError && error.status === 410) return { title: 'This invitation can no longer be used', message: error.message };
  if (error instanceof ApiError && error.status === 404) return { title: 'This invitation does not exist', message: 'Check that you opened the whole link, or ask for a new one.' };
  return { title: 'MediaNest cannot be reached', message: 'Check your connection and reload the page.' };
}

function Offer({ invite }: { invite: PublicInvite }) {
  const libraries = invite.allLibraries ? 'All of their libraries' : (invite.libraries ?? []).map((l) => l.title).join(', ') || 'Some of their libraries';
  return (
    <dl className="space-y-3 text-sm">
      <div>
        <dt className="font-semibold">What you get</dt>
        <dd className="text-slate-700 dark:text-slate-300">{libraries}</dd>
      </div>
      <div>
        <dt className="font-semibold">For how long</dt>
        <dd className="text-slate-700 dark:text-slate-300">
          {invite.accessUntil ? `Until ${formatDate(invite.accessUntil)} (${invite.accessDays} days)` : 'No end date'}
        </dd>
      </div>
      {invite.allowSync ? (
        <div>
          <dt className="font-semibold">Downloads</dt>
          <dd className="text-slate-700 dark:text-slate-300">You may download titles to watch offline.</dd>
        </div>
      ) : null}
      {invite.note ? (
        <div>
          <dt className="font-semibold">Their note</dt>
          <dd className="text-slate-700 dark:text-slate-300">{invite.note}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** The page an invitation link opens: who invites, what and until when, then accepting with Plex. */
export default function InvitePage() {
  const { code = '' } = useParams();
  const auth = useAuth();
  const client = useApiClient();
  const navigate = useNavigate();
  const invite = usePublicInvite(code);
  const acceptCall = useAcceptInviteCall();
  const lastError = useRef<unknown>(null);
  const flow = usePlexPin<AcceptResult>({
    problems: PROBLEMS,
    complete: async (pin) => {
      try {
        const result = await acceptCall(code, pin);
        return result.status === 'complete' ? result : null;
      } catch (error) {
        lastError.current = error;
        throw error;
      }
    },
    onComplete: (result) => {
      if (result.status !== 'complete') return;
      client.startSession(result);
      navigate('/', { replace: true });
    },
  });

  useDocumentTitle(invite.data ? `Invitation from ${invite.data.invitedBy.username}` : invite.isError ? goneMessage(invite.error).title : 'Invitation');

  if (invite.isPending) return <FullPageSpinner />;
  const failed = flow.state.phase === 'failed' ? flow.state.problem : null;
  // The server's own words say which step failed and what to do (503, 409).
  const serverWords = lastError.current instanceof ApiError && [409, 410, 503].includes(lastError.current.status) ? lastError.current.message : null;

  return (
    <div className="flex min-h-dvh items-start justify-center px-4 py-8 sm:items-center">
      <main className="w-full max-w-md">
        <div className="mb-6 flex flex-col items-center text-center">
          <Logo className="mb-3 h-12 w-12" />
          {invite.isError ? (
            <h1 className="text-2xl font-bold">{goneMessage(invite.error).title}</h1>
          ) : (
            <h1 className="text-2xl font-bold">{invite.data.invitedBy.username} invites you to their Plex server</h1>
          )}
        </div>
        <div className="card p-5">
          {invite.isError ? (
            <p className="text-slate-700 dark:text-slate-300">{goneMessage(invite.error).message}</p>
          ) : auth.status === 'signedIn' ? (
            <div className="space-y-3">
              <p>You are already signed in to MediaNest as {auth.user?.username}.</p>
              <Link to="/" className={buttonClass('primary', 'md', 'w-full')}>
                Go to your dashboard
              </Link>
            </div>
          ) : flow.state.phase === 'waiting' ? (
            <PlexWaiting code={flow.state.code} authUrl={flow.state.authUrl} popupBlocked={flow.state.popupBlocked} onCancel={flow.cancel} />
          ) : (
            <div className="space-y-5">
              {failed ? <PlexProblemAlert problem={serverWords ? { title: failed.title, message: serverWords } : failed} /> : null}
              <Offer invite={invite.data} />
              <div className="rounded-lg bg-slate-100 p-3 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300">
                <p className="font-semibold">How this works</p>
                <p className="mt-1">
                  You accept with your own Plex account, the free account people use to watch Plex. A Plex window opens: sign in
                  there (or create an account), then approve MediaNest. MediaNest never sees your Plex password.
                </p>
              </div>
              <Button className="w-full" loading={flow.state.phase === 'starting'} onClick={() => void flow.start()}>
                Accept with Plex
              </Button>
            </div>
          )}
        </div>
      </main>
    </div>
  );
}
