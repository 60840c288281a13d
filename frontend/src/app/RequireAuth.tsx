import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from '../api/context';
import { FullPageSpinner } from '../components/Spinner';
import { EmptyState } from '../components/States';
import { ButtonLink } from '../components/Button';
import { pathAfterPasswordChange } from '../lib/afterPasswordChange';
import { can } from '../lib/policy';

/**
 * Gate for signed-in pages: waits for the silent refresh, sends anyone signed out to the
 * sign-in page (remembering where they were going), and holds an account that must change
 * its password on that screen.
 */
export function RequireAuth({ children, allowPasswordChange = false }: { children: ReactNode; allowPasswordChange?: boolean }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'loading') return <FullPageSpinner />;
  if (auth.status === 'signedOut' || !auth.user) {
    return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  if (auth.user.mustChangePassword && !allowPasswordChange) return <Navigate to="/change-password" replace />;
  if (!auth.user.mustChangePassword && allowPasswordChange) return <Navigate to={pathAfterPasswordChange()} replace />;
  return <>{children}</>;
}

export function RequireAdmin() {
  const { user } = useAuth();
  if (!can(user, 'admin:access')) {
    return (
      <EmptyState
        title="Admins only"
        message="This part of MediaNest is for the server's admins. If you need something changed, ask them."
        action={<ButtonLink to="/">Back to the dashboard</ButtonLink>}
      />
    );
  }
  return <Outlet />;
}
