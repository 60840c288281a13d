import { useState } from 'react';
import { useDocumentTitle } from '../../components/PageHeader';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../../api/context';
import { Button } from '../../components/Button';
import { Logo } from '../../components/icons';
import { Notice } from '../../components/States';
import { ThemeToggle } from '../../components/Theme';
import { AdminSignInForm } from './AdminSignInForm';
import { PlexSignIn } from './PlexSignIn';
import { safeReturnTo } from '../../lib/returnTo';

function useReturnTo(): string {
  const location = useLocation();
  return safeReturnTo((location.state as { from?: unknown } | null)?.from);
}

export default function SignInPage() {
  useDocumentTitle('Sign in');
  const auth = useAuth();
  const navigate = useNavigate();
  const returnTo = useReturnTo();
  const [showAdmin, setShowAdmin] = useState(false);

  if (auth.status === 'signedIn' && auth.user) {
    return <Navigate to={auth.user.mustChangePassword ? '/change-password' : returnTo} replace />;
  }
  const done = (mustChangePassword: boolean) => navigate(mustChangePassword ? '/change-password' : returnTo, { replace: true });

  return (
    <div className="relative flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main className="w-full max-w-md">
        <div className="mb-8 flex flex-col items-center text-center">
          <Logo className="mb-4 h-14 w-14" />
          <h1 className="text-3xl font-bold">Sign in to MediaNest</h1>
          <p className="mt-2 text-slate-600 dark:text-slate-400">
            Use the Plex account that the server is shared with.
          </p>
        </div>
        {auth.reason === 'expired' ? (
          <div className="mb-4">
            <Notice tone="warning">Your session ended. Sign in again to pick up where you left off.</Notice>
          </div>
        ) : null}
        {auth.reason === 'unreachable' ? (
          <div className="mb-4">
            <Notice tone="warning">
              MediaNest can't be reached right now, so we couldn't restore your session. Check your connection, then sign in.
            </Notice>
          </div>
        ) : null}
        <div className="card p-6">
          <PlexSignIn onSignedIn={() => done(false)} />
          <div className="my-6 flex items-center gap-3 text-xs text-slate-600 uppercase dark:text-slate-400">
            <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
            or
            <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
          </div>
          {showAdmin ? (
            <AdminSignInForm onSignedIn={done} />
          ) : (
            <Button variant="secondary" className="w-full" onClick={() => setShowAdmin(true)}>
              Sign in with the admin account
            </Button>
          )}
        </div>
        <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
          New here? Ask the server's owner to share their Plex library with you, then sign in with Plex.
        </p>
      </main>
    </div>
  );
}
