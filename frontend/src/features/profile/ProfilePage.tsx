import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, useAuth } from '../../api/context';
import { describeError } from '../../api/errors';
import { useQuota } from '../../api/queries/media';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { PageHeader, Section } from '../../components/PageHeader';
import { SkeletonList } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { formatDateTime, timeAgo } from '../../lib/format';

function device(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Chrome\//.test(userAgent) ? 'Chrome' : /Firefox\//.test(userAgent) ? 'Firefox' : /Safari\//.test(userAgent) ? 'Safari' : 'Browser';
  const os = /iPhone|iPad/.test(userAgent) ? 'iOS' : /Android/.test(userAgent) ? 'Android' : /Mac OS X/.test(userAgent) ? 'macOS' : /Windows/.test(userAgent) ? 'Windows' : /Linux/.test(userAgent) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}

function Sessions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const sessions = useQuery({ queryKey: ['auth', 'sessions'], queryFn: () => api.auth.sessions() });
  const signOut = useMutation({
    mutationFn: () => api.auth.signOutOthers(),
    onSuccess: () => {
      toast({ tone: 'success', title: 'Signed out on your other devices' });
      void queryClient.invalidateQueries({ queryKey: ['auth', 'sessions'] });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not sign out the other devices', message: describeError(error).message }),
  });
  if (sessions.isPending) return <SkeletonList rows={2} label="Loading your sessions" />;
  if (sessions.isError) return <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  const others = sessions.data.items.filter((s) => !s.current).length;
  return (
    <>
      <ul className="card divide-y divide-slate-200 dark:divide-slate-800" aria-label="Signed-in devices">
        {sessions.data.items.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
            <span className="font-medium">
              {device(s.userAgent)}
              {s.current ? ' (this device)' : ''}
            </span>
            <span className="text-xs text-slate-600 dark:text-slate-400">
              signed in {formatDateTime(s.createdAt)} · last used {timeAgo(s.lastUsedAt)}
            </span>
          </li>
        ))}
      </ul>
      <Button className="mt-3" variant="secondary" size="sm" disabled={others === 0} loading={signOut.isPending} onClick={() => signOut.mutate()}>
        Sign out all other devices
      </Button>
    </>
  );
}

function QuotaSummary() {
  const quota = useQuota();
  if (!quota.data) return null;
  const { overseerr, hourly } = quota.data;
  const line = (label: string, p: { limit: number; remaining: number | null; days: number | null }) =>
    p.limit > 0 ? `${label}: ${p.remaining ?? 0} of ${p.limit} left per ${p.days ?? 7} days` : `${label}: no limit`;
  return (
    <ul className="card space-y-1 p-4 text-sm">
      {overseerr ? (
        <>
          <li>{line('Movies', overseerr.movie)}</li>
          <li>{line('TV seasons', overseerr.tv)}</li>
        </>
      ) : null}
      <li>
        {hourly.remaining} of {hourly.limit} requests left this hour
        {hourly.resetsAt && hourly.remaining < hourly.limit ? ` (resets ${timeAgo(hourly.resetsAt).replace(' ago', '')})` : ''}
      </li>
    </ul>
  );
}

/** The signed-in person: their Plex account, devices, request quota, and where their notifications are. */
export default function ProfilePage() {
  const { user } = useAuth();
  if (!user) return null;
  return (
    <>
      <PageHeader title="Your profile" />
      <Section title="Account">
        <div className="card flex items-center gap-4 p-4">
          <Avatar name={user.username} src={user.avatarUrl} size="h-14 w-14" />
          <div className="min-w-0 text-sm">
            <p className="text-base font-semibold">{user.username}</p>
            <p className="text-slate-600 dark:text-slate-400">{user.email ?? 'No email'}</p>
            <p className="text-slate-600 dark:text-slate-400">{user.plexLinked ? 'Plex account linked' : 'No Plex account linked'} · {user.role === 'admin' ? 'Admin' : 'Member'}</p>
          </div>
        </div>
      </Section>
      <Section title="Requests you can make">
        <QuotaSummary />
      </Section>
      <Section title="Signed-in devices">
        <Sessions />
      </Section>
      <Section title="Notifications">
        <p className="text-sm">
          Request updates arrive in the bell at the top and on the{' '}
          <Link to="/notifications" className="font-medium text-brand-700 underline dark:text-brand-400">
            Notifications page
          </Link>
          .
        </p>
      </Section>
    </>
  );
}
