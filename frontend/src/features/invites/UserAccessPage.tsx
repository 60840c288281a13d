import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, describeError } from '../../api/errors';
import { useLibraries } from '../../api/queries/plex';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { formatDate } from '../../lib/format';
import { useEndAccess, useUpdateAccess, useUserAccess, type Membership } from '../../api/queries/invites';

const DAY = 86_400_000;

function AccessEditor({ userId, access }: { userId: string; access: Membership }) {
  const libraries = useLibraries();
  const update = useUpdateAccess(userId);
  const end = useEndAccess(userId);
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  const toast = useToast();
  const [chosen, setChosen] = useState<string[]>(access.allLibraries ? (libraries.data ?? []).map((l) => l.id) : access.libraryIds);
  const ended = access.endedAt !== null;
  const fail = (error: unknown) => toast({ tone: 'error', title: 'Nothing was changed', message: describeError(error).message });
  const done = (title: string) => () => toast({ tone: 'success', title });
  const from = access.expiresAt ? Math.max(Date.parse(access.expiresAt), Date.now()) : Date.now();

  return (
    <div className="space-y-5">
      <dl className="grid gap-3 text-sm sm:grid-cols-2">
        <div>
          <dt className="font-semibold">Access ends</dt>
          <dd>{ended ? `Ended ${formatDate(access.endedAt)} (${access.endedReason === 'expired' ? 'expired' : 'ended by an admin'})` : access.expiresAt ? formatDate(access.expiresAt) : 'No end date'}</dd>
        </div>
        <div>
          <dt className="font-semibold">Libraries</dt>
          <dd>{access.allLibraries ? 'All libraries' : (access.libraries ?? []).map((l) => l.title).join(', ') || access.libraryIds.join(', ')}</dd>
        </div>
      </dl>
      {ended ? null : (
        <>
          <fieldset>
            <legend className="mb-2 text-sm font-medium">Shared libraries</legend>
            <div className="flex flex-wrap gap-3">
              {(libraries.data ?? []).map((library) => (
                <label key={library.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={chosen.includes(library.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, library.id] : chosen.filter((id) => id !== library.id))} />
                  {library.title}
                </label>
              ))}
            </div>
            <Button className="mt-3" size="sm" loading={update.isPending} disabled={chosen.length === 0} onClick={() => update.mutate({ libraryIds: chosen }, { onSuccess: done('Libraries updated on Plex'), onError: fail })}>
              Save libraries
            </Button>
          </fieldset>
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="secondary" onClick={() => update.mutate({ expiresAt: new Date(from + 30 * DAY).toISOString() }, { onSuccess: done('Extended by 30 days'), onError: fail })}>
              Extend 30 days
            </Button>
            <Button size="sm" variant="secondary" onClick={() => update.mutate({ expiresAt: null }, { onSuccess: done('No end date now'), onError: fail })}>
              Remove the end date
            </Button>
            <Button size="sm" variant="danger" onClick={() => setConfirmingEnd(true)}>
              End access now
            </Button>
          </div>
          <Dialog
            open={confirmingEnd}
            onClose={() => setConfirmingEnd(false)}
            size="sm"
            title="End access now?"
            description="Their Plex share is removed and their MediaNest account is suspended at once (signed out everywhere). This cannot be undone from here."
            footer={
              <>
                <Button variant="ghost" onClick={() => setConfirmingEnd(false)}>
                  Keep access
                </Button>
                <Button
                  variant="danger"
                  loading={end.isPending}
                  onClick={() =>
                    end.mutate(undefined, {
                      onSuccess: () => {
                        setConfirmingEnd(false);
                        toast({ tone: 'success', title: 'Access ended and account suspended' });
                      },
                      onError: fail,
                    })
                  }
                >
                  End access
                </Button>
              </>
            }
          />
        </>
      )}
    </div>
  );
}

/** Admin → Users → a user's Plex access: libraries, end date and actions. */
export default function UserAccessPage() {
  const { userId = '' } = useParams();
  const access = useUserAccess(userId);
  return (
    <section aria-label="Plex access" className="card p-5">
      <Link to="/admin/users" className="text-sm underline">
        Back to users
      </Link>
      <h2 className="mt-2 mb-4 text-lg font-semibold">Plex access</h2>
      {access.isPending ? (
        <SkeletonList rows={2} label="Loading access" />
      ) : access.isError ? (
        access.error instanceof ApiError && access.error.status === 404 ? (
          <EmptyState title="Not managed by MediaNest" message="This user was not invited through MediaNest or imported from Plex." />
        ) : (
          <ErrorState error={access.error} onRetry={() => void access.refetch()} />
        )
      ) : (
        <AccessEditor userId={userId} access={access.data} />
      )}
    </section>
  );
}
