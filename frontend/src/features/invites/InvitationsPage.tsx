import { useState, type FormEvent } from 'react';
import { describeError } from '../../api/errors';
import { useLibraries } from '../../api/queries/plex';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { SkeletonList } from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { formatDate, plural } from '../../lib/format';
import { useCreateInvite, useImportFriends, useInvites, useRevokeInvite, type Invite } from '../../api/queries/invites';

const toNumber = (value: string): number | null => (value === 'never' ? null : Number(value));

function CopyLink({ invite }: { invite: Invite }) {
  const toast = useToast();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invite.url);
      toast({ tone: 'success', title: 'Link copied' });
    } catch {
      toast({ tone: 'error', title: 'Could not copy', message: invite.url });
    }
  };
  return (
    <Button size="sm" variant="secondary" onClick={() => void copy()}>
      Copy link<span className="sr-only"> of invitation {invite.code}</span>
    </Button>
  );
}

function CreateInviteForm() {
  const libraries = useLibraries();
  const create = useCreateInvite();
  const toast = useToast();
  const [chosen, setChosen] = useState<string[]>([]);
  const [role, setRole] = useState<'user' | 'admin'>('user');
  const [linkDays, setLinkDays] = useState('7');
  const [uses, setUses] = useState('1');
  const [accessDays, setAccessDays] = useState('never');
  const [allowSync, setAllowSync] = useState(false);
  const [note, setNote] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { libraryIds: chosen, role, linkExpiresInDays: toNumber(linkDays), maxUses: toNumber(uses), accessDays: toNumber(accessDays), allowSync, note: note.trim() || undefined },
      {
        onSuccess: (invite) => toast({ tone: 'success', title: 'Invitation created', message: `Code ${invite.code}. Copy its link below and send it.` }),
        onError: (error) => toast({ tone: 'error', title: 'Could not create the invitation', message: describeError(error).message }),
      },
    );
  };

  return (
    <form onSubmit={submit} className="card mb-6 space-y-4 p-5" aria-label="New invitation">
      <h2 className="text-lg font-semibold">New invitation</h2>
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Libraries to share (none ticked = all)</legend>
        <div className="flex flex-wrap gap-3">
          {(libraries.data ?? []).map((library) => (
            <label key={library.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={chosen.includes(library.id)}
                onChange={(event) => setChosen(event.target.checked ? [...chosen, library.id] : chosen.filter((id) => id !== library.id))}
              />
              {library.title}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Role in MediaNest" value={role} onChange={(event) => setRole(event.target.value as 'user' | 'admin')}>
          <option value="user">User</option>
          <option value="admin">Admin</option>
        </SelectField>
        <SelectField label="Link works for" value={linkDays} onChange={(event) => setLinkDays(event.target.value)}>
          <option value="1">1 day</option>
          <option value="7">7 days</option>
          <option value="30">30 days</option>
          <option value="never">Until revoked</option>
        </SelectField>
        <SelectField label="Number of uses" value={uses} onChange={(event) => setUses(event.target.value)}>
          <option value="1">1 person</option>
          <option value="5">5 people</option>
          <option value="never">Unlimited</option>
        </SelectField>
        <SelectField label="Access lasts" value={accessDays} onChange={(event) => setAccessDays(event.target.value)}>
          <option value="7">7 days</option>
          <option value="30">30 days</option>
          <option value="90">90 days</option>
          <option value="365">1 year</option>
          <option value="never">Forever</option>
        </SelectField>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={allowSync} onChange={(event) => setAllowSync(event.target.checked)} />
        Allow downloads (sync)
      </label>
      <TextField label="Note for the invitee" value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} />
      <Button type="submit" loading={create.isPending}>
        Create invitation
      </Button>
    </form>
  );
}

const STATUS_TONE = { active: 'green', expired: 'neutral', used_up: 'neutral', revoked: 'red' } as const;

/** Admin → Invitations: create, copy the link, see uses, revoke; import existing Plex friends. */
export default function InvitationsPage() {
  const invites = useInvites();
  const revoke = useRevokeInvite();
  const [revoking, setRevoking] = useState<Invite | null>(null);
  const importFriends = useImportFriends();
  const toast = useToast();
  const confirmRevoke = (invite: Invite) =>
    revoke.mutate(invite.id, {
      onSuccess: () => {
        setRevoking(null);
        toast({ tone: 'success', title: `Invitation ${invite.code} revoked` });
      },
      onError: (error) => toast({ tone: 'error', title: 'Could not revoke the invitation', message: describeError(error).message }),
    });
  const runImport = () =>
    importFriends.mutate(undefined, {
      onSuccess: (r) => toast({ tone: 'success', title: 'Plex friends imported', message: `${plural(r.imported, 'new user')}, ${r.updated} updated.` }),
      onError: (error) => toast({ tone: 'error', title: 'Could not import', message: describeError(error).message }),
    });

  return (
    <section aria-label="Invitations">
      <div className="mb-4 flex justify-end">
        <Button variant="secondary" loading={importFriends.isPending} onClick={runImport}>
          Import Plex friends
        </Button>
      </div>
      <CreateInviteForm />
      {invites.isPending ? (
        <SkeletonList rows={3} label="Loading invitations" />
      ) : invites.isError ? (
        <ErrorState error={invites.error} onRetry={() => void invites.refetch()} />
      ) : invites.data.items.length === 0 ? (
        <EmptyState title="No invitations yet" message="Create one above, then send its link." />
      ) : (
        <ul className="card divide-y divide-slate-200 dark:divide-slate-800" aria-label="Invitation list">
          {invites.data.items.map((invite) => (
            <li key={invite.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
              <div>
                <p className="font-mono font-semibold">{invite.code}</p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  {invite.allLibraries ? 'All libraries' : plural(invite.libraryIds.length, 'library', 'libraries')} · used {invite.uses}
                  {invite.maxUses === null ? '' : ` of ${invite.maxUses}`} · {invite.accessDays ? `${invite.accessDays} days of access` : 'no end date'}
                  {invite.expiresAt ? ` · link until ${formatDate(invite.expiresAt)}` : ''}
                </p>
                {invite.note ? <p className="text-sm">{invite.note}</p> : null}
              </div>
              <div className="flex items-center gap-2">
                <Badge tone={STATUS_TONE[invite.status]}>{invite.status.replace('_', ' ')}</Badge>
                {invite.status === 'active' ? (
                  <>
                    <CopyLink invite={invite} />
                    <Button size="sm" variant="ghost" onClick={() => setRevoking(invite)} aria-label={`Revoke invitation ${invite.code}`}>
                      Revoke
                    </Button>
                  </>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Dialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        size="sm"
        title={`Revoke invitation ${revoking?.code ?? ''}?`}
        description="Its link stops working at once and cannot be turned back on. People who already joined keep their access."
        footer={
          <>
            <Button variant="ghost" onClick={() => setRevoking(null)}>
              Keep invitation
            </Button>
            <Button variant="danger" loading={revoke.isPending} onClick={() => revoking && confirmRevoke(revoking)}>
              Revoke invitation
            </Button>
          </>
        }
      />
    </section>
  );
}
