import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError, describeError } from '../../api/errors';
import { useDeleteUser, useUpdateUser } from '../../api/queries/admin';
import type { AdminUser, Role } from '../../api/types';
import { Avatar } from '../../components/Avatar';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { useToast } from '../../components/Toast';
import { timeAgo } from '../../lib/format';
import { UserShare } from './UserShare';

function adminProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 409) {
    return 'MediaNest needs at least one active admin. Make someone else an admin first.';
  }
  return describeError(error).message;
}

/** How a toast names a role. */
const ROLE_NAME: Record<Role, string> = { admin: 'an admin', user: 'a user' };

export function UserRow({ user, isSelf }: { user: AdminUser; isSelf: boolean }) {
  const update = useUpdateUser();
  const remove = useDeleteUser();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [confirmingSuspend, setConfirmingSuspend] = useState(false);
  const suspended = user.status === 'suspended';
  const fail = (error: unknown) => toast({ tone: 'error', title: `Could not change ${user.username}`, message: adminProblem(error) });

  const changeRole = (role: Role) =>
    update.mutate(
      { id: user.id, patch: { role } },
      { onSuccess: () => toast({ tone: 'success', title: `${user.username} is now ${ROLE_NAME[role]}` }), onError: fail },
    );
  const toggleSuspended = () =>
    update.mutate(
      { id: user.id, patch: { status: suspended ? 'active' : 'suspended' } },
      {
        onSuccess: () =>
          toast({ tone: 'success', title: suspended ? `${user.username} can sign in again` : `${user.username} is suspended and signed out` }),
        onError: fail,
      },
    );

  return (
    <li className="flex flex-wrap items-center gap-3 p-4">
      <Avatar name={user.username} src={user.avatarUrl} />
      <div className="min-w-0 flex-1 basis-48">
        <p className="flex flex-wrap items-center gap-2 font-semibold">
          <span className="truncate">{user.username}</span>
          {isSelf ? <Badge tone="blue">You</Badge> : null}
          {suspended ? <Badge tone="red">Suspended</Badge> : null}
        </p>
        <p className="truncate text-xs text-slate-600 dark:text-slate-400">
          {user.email ?? 'No email'} · last signed in {timeAgo(user.lastLoginAt)}
        </p>
        <UserShare user={user} />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Link to={`/admin/users/${user.id}/access`} className="text-sm underline" aria-label={`Plex access of ${user.username}`}>
          Plex access
        </Link>
        <label className="sr-only" htmlFor={`role-${user.id}`}>
          Role for {user.username}
        </label>
        <select
          id={`role-${user.id}`}
          value={user.role}
          disabled={isSelf || update.isPending}
          onChange={(event) => changeRole(event.target.value as Role)}
          className="field-input w-auto py-1.5"
        >
          <option value="user">User</option>
          <option value="admin">Admin</option>
        </select>
        <Button
          variant="secondary"
          size="sm"
          disabled={isSelf || update.isPending}
          onClick={() => (suspended ? toggleSuspended() : setConfirmingSuspend(true))}
        >
          {suspended ? 'Reactivate' : 'Suspend'}
          <span className="sr-only"> {user.username}</span>
        </Button>
        <Button variant="ghost" size="sm" disabled={isSelf} onClick={() => setConfirming(true)} className="text-red-700 dark:text-red-400">
          Delete<span className="sr-only"> {user.username}</span>
        </Button>
      </div>
      <Dialog
        open={confirmingSuspend}
        onClose={() => setConfirmingSuspend(false)}
        size="sm"
        title={`Suspend ${user.username}?`}
        description="They are signed out everywhere at once and cannot sign in until you reactivate them."
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirmingSuspend(false)}>
              Keep active
            </Button>
            <Button
              variant="danger"
              loading={update.isPending}
              onClick={() => {
                setConfirmingSuspend(false);
                toggleSuspended();
              }}
            >
              Suspend {user.username}
            </Button>
          </>
        }
      />
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        size="sm"
        title={`Delete ${user.username}?`}
        description="This removes their account, sessions and requests for good. Audit log entries stay."
        footer={
          <>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Keep user
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(user.id, {
                  onSuccess: () => {
                    setConfirming(false);
                    toast({ tone: 'success', title: `${user.username} was deleted` });
                  },
                })
              }
            >
              Delete user
            </Button>
          </>
        }
      >
        {remove.isError ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {adminProblem(remove.error)}
          </p>
        ) : null}
      </Dialog>
    </li>
  );
}
