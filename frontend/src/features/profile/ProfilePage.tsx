import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi, useAuth } from '../../api/context';
import { describeError } from '../../api/errors';
import type { Quota } from '../../api/types';
import { useFollows } from '../../api/queries/follows';
import { useMyMembership } from '../../api/queries/invites';
import { useQuota } from '../../api/queries/media';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { PageHeader, Section } from '../../components/PageHeader';
import { PosterImage } from '../../components/Poster';
import { SkeletonList } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { formatDate, formatDateTime, timeAgo } from '../../lib/format';
import { StateBadge } from '../../widgets/StateBadge';
import { can } from '../../lib/policy';

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

function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

type QuotaPart = NonNullable<Quota['overseerr']>['movie'];

function overseerrLine(label: string, unit: string, p: QuotaPart): string {
  if (p.limit <= 0) return `${label}: no Overseerr limit`;
  return `${label}: ${p.remaining ?? 0} of ${p.limit} ${unit} left in the last ${p.days ?? 7} days`;
}

/** The Overseerr quota (movies, TV seasons) and MediaNest's hourly request limit, with when the hour resets. */
function QuotaSummary() {
  const quota = useQuota();
  if (quota.isPending) return <SkeletonList rows={2} label="Loading your request limits" />;
  if (quota.isError) return <ErrorState error={quota.error} onRetry={() => void quota.refetch()} />;
  const { overseerr, hourly } = quota.data;
  const resets = hourly.resetsAt && hourly.remaining < hourly.limit ? hourly.resetsAt : null;
  return (
    <ul className="card divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Request limits">
      <li className="p-3">
        <span className="font-medium">This hour:</span> {hourly.remaining} of {hourly.limit} requests left
        {resets ? (
          <span className="text-slate-600 dark:text-slate-400">
            {' '}
            · resets at <time dateTime={resets}>{clock(resets)}</time> ({timeAgo(resets)})
          </span>
        ) : null}
      </li>
      {overseerr ? (
        <>
          <li className="p-3">{overseerrLine('Movies', 'movies', overseerr.movie)}</li>
          <li className="p-3">{overseerrLine('TV seasons', 'seasons', overseerr.tv)}</li>
        </>
      ) : (
        <li className="p-3 text-slate-600 dark:text-slate-400">Your Overseerr quota can&apos;t be read right now.</li>
      )}
    </ul>
  );
}

const FOLLOWS_SHOWN = 5;

/** The first few titles you follow (poster, state, title page), and the way to all of them. */
function Following() {
  const follows = useFollows(1, FOLLOWS_SHOWN);
  if (follows.isPending) return <SkeletonList rows={2} label="Loading the titles you follow" />;
  if (follows.isError) return <ErrorState error={follows.error} onRetry={() => void follows.refetch()} />;
  const { items, total } = follows.data;
  if (items.length === 0) {
    return (
      <p className="text-sm">
        You don&apos;t follow anything yet. Use “Notify me” on a title in{' '}
        <Link to="/discover" className="font-medium text-brand-700 underline dark:text-brand-400">
          Discover
        </Link>{' '}
        and you&apos;ll be told when it&apos;s ready to watch.
      </p>
    );
  }
  return (
    <>
      <ul className="card divide-y divide-slate-200 dark:divide-slate-800" aria-label="Titles you follow">
        {items.map((f) => {
          const name = f.title ?? `${f.mediaType === 'tv' ? 'Show' : 'Movie'} ${f.tmdbId}`;
          return (
            <li key={`${f.mediaType}-${f.tmdbId}`} className="flex items-center gap-3 p-3 text-sm">
              <PosterImage src={f.posterUrl} alt="" className="w-10 shrink-0" />
              <Link to={`/title/${f.mediaType}/${f.tmdbId}`} className="min-w-0 flex-1 truncate font-medium hover:underline" title={name}>
                {name}
              </Link>
              <StateBadge state={f.state} />
            </li>
          );
        })}
      </ul>
      <Link to="/following" className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
        {total > items.length ? `See all ${total} titles you follow` : 'Manage what you follow'}
      </Link>
    </>
  );
}

/** For invited members: until when their access to the Plex server lasts (nothing for everyone else). */
function Access() {
  const mine = useMyMembership();
  const membership = mine.data?.membership;
  if (!membership) return null;
  const text = membership.endedAt
    ? `Your access to the Plex server ended on ${formatDate(membership.endedAt)}.`
    : membership.expiresAt
      ? `Your access to the Plex server lasts until ${formatDate(membership.expiresAt)} (${timeAgo(membership.expiresAt)}).`
      : 'Your access to the Plex server does not end.';
  return (
    <Section title="Your access">
      <p className="card p-4 text-sm" data-testid="access-ends">
        {text}
      </p>
    </Section>
  );
}

/** The signed-in person: their Plex account, access, followed titles, request limits, devices, and where their notifications are. */
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
            <p className="text-slate-600 dark:text-slate-400">{user.plexLinked ? 'Plex account linked' : 'No Plex account linked'} · {can(user, 'admin:access') ? 'Admin' : 'Member'}</p>
          </div>
        </div>
      </Section>
      <Access />
      <Section title="Titles you follow">
        <Following />
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
          . Choose what reaches you by email, push, Discord, ntfy or Gotify in{' '}
          <Link to="/notifications/settings" className="font-medium text-brand-700 underline dark:text-brand-400">
            notification settings
          </Link>
          .
        </p>
      </Section>
    </>
  );
}
