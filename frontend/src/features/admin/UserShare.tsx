import { describeError } from '../../api/errors';
import { useRefreshPlexShare } from '../../api/queries/admin';
import type { AdminUser, PlexShare } from '../../api/types';
import { Button } from '../../components/Button';
import { useToast } from '../../components/Toast';
import { timeAgo } from '../../lib/format';

/** One line saying what the user sees of the Plex server, and why. */
function shareSummary(share: PlexShare): string {
  switch (share.access) {
    case 'everything':
      return 'Sees every library (MediaNest account without a Plex share)';
    case 'owner':
      return 'Sees every library (owns the Plex server)';
    case 'none':
      return 'No access: the Plex server is no longer shared with them';
    case 'unknown':
      return 'Shared libraries not read from Plex yet';
    default:
      if (share.allLibraries) return 'Libraries: all, including ones added later';
      return share.libraries.length === 0 ? 'Libraries: none shared' : `Libraries: ${share.libraries.map((l) => l.title).join(', ')}`;
  }
}

const RESTRICTION_NAMES: Array<[keyof PlexShare['restrictions'], string]> = [
  ['movies', 'Movies'],
  ['television', 'TV'],
  ['music', 'Music'],
];

/** The user's shared libraries, their Plex restrictions, and a button to read them from plex.tv again. */
export function UserShare({ user }: { user: AdminUser }) {
  const refresh = useRefreshPlexShare();
  const toast = useToast();
  const share = user.plexShare as PlexShare | undefined;
  if (!share) return null;
  const restrictions = RESTRICTION_NAMES.filter(([key]) => share.restrictions[key] !== '');
  return (
    <div className="mt-1 text-xs text-slate-600 dark:text-slate-400" data-testid={`share-${user.username}`}>
      <p>{shareSummary(share)}</p>
      {restrictions.length > 0 ? (
        <p>Restricted: {restrictions.map(([key, name]) => `${name} (${share.restrictions[key]})`).join('; ')}</p>
      ) : null}
      {user.plexLinked && share.access !== 'everything' ? (
        <p className="mt-1 flex flex-wrap items-center gap-2">
          <span>Read from Plex {share.checkedAt ? timeAgo(share.checkedAt) : 'never'}</span>
          <Button
            variant="ghost"
            size="sm"
            loading={refresh.isPending}
            onClick={() =>
              refresh.mutate(user.id, {
                onSuccess: () => toast({ tone: 'success', title: `Shared libraries of ${user.username} refreshed` }),
                onError: (error) => toast({ tone: 'error', title: `Could not refresh ${user.username}`, message: describeError(error).message }),
              })
            }
          >
            Refresh from Plex<span className="sr-only"> for {user.username}</span>
          </Button>
        </p>
      ) : null}
    </div>
  );
}
