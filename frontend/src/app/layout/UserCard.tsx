import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApiClient, useAuth } from '../../api/context';
import { Avatar } from '../../components/Avatar';
import { LinkIcon, LogoutIcon } from '../../components/icons';
import { LinkPlexDialog } from '../../features/auth/LinkPlexDialog';

export function useSignOut(): () => Promise<void> {
  const client = useApiClient();
  const navigate = useNavigate();
  return async () => {
    await client.logout();
    navigate('/sign-in', { replace: true });
  };
}

export function UserCard() {
  const { user } = useAuth();
  const signOut = useSignOut();
  const [linkOpen, setLinkOpen] = useState(false);
  if (!user) return null;
  return (
    <div className="rounded-lg border border-slate-200 p-2 dark:border-slate-800">
      <div className="flex items-center gap-3">
        <Avatar name={user.username} src={user.avatarUrl} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-semibold">
            <Link to="/profile" className="hover:underline" title="Your profile">
              {user.username}
            </Link>
          </p>
          <p className="text-xs text-slate-600 capitalize dark:text-slate-400">{user.role}</p>
        </div>
        <button
          type="button"
          onClick={() => void signOut()}
          className="rounded-md p-2 text-slate-600 hover:bg-slate-200 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white"
          aria-label="Sign out"
          title="Sign out"
        >
          <LogoutIcon />
        </button>
      </div>
      {user.plexLinked ? null : (
        <button
          type="button"
          onClick={() => setLinkOpen(true)}
          className="mt-2 flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-brand-800 hover:bg-slate-200 dark:text-brand-300 dark:hover:bg-slate-800"
        >
          <LinkIcon className="h-4 w-4" />
          Link Plex account
        </button>
      )}
      <LinkPlexDialog open={linkOpen} onClose={() => setLinkOpen(false)} />
    </div>
  );
}
