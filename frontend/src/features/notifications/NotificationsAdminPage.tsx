import { useQuery, useQueryClient, useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApiClient } from '../../api/context';
import type { Page, ResponseOf } from '../../api/types';
import { Button } from '../../components/Button';
import { FormError, SelectField, TextField } from '../../components/Field';
import { Section } from '../../components/PageHeader';
import { SkeletonList } from '../../components/Skeleton';
import { ErrorState, Notice } from '../../components/States';
import { useToast } from '../../components/Toast';
import { formatDateTime } from '../../lib/format';

type AdminNotifySettings = ResponseOf<'/api/v1/admin/notifications/settings', 'get'>;
type Delivery = ResponseOf<'/api/v1/admin/notifications/deliveries', 'get'>['items'][number];

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const KEY = ['admin', 'notifications'] as const;
const message = (err: unknown) => (err instanceof Error ? err.message : 'Something went wrong.');

function SmtpForm({ s }: { s: AdminNotifySettings }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState({ host: s.smtp.host ?? '', port: String(s.smtp.port ?? ''), tls: s.smtp.tls, user: s.smtp.user ?? '', password: '', from: s.smtp.from ?? '', serverName: s.serverName, discord: '' });
  const save = useMutation({
    mutationFn: (body: unknown) => client.request<AdminNotifySettings>('/admin/notifications/settings', { method: 'PUT', body }),
    onSuccess: (data) => {
      queryClient.setQueryData(KEY, data);
      // Secrets are write-only: the fields empty again, the hints say one is set.
      setForm((f) => ({ ...f, password: '', discord: '' }));
      toast({ title: 'Notification settings saved', tone: 'success' });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      serverName: form.serverName || null,
      ...(form.discord ? { discordWebhookUrl: form.discord } : {}),
      ...(s.smtp.managedByEnv
        ? {}
        : { smtp: { host: form.host || null, port: form.port ? Number(form.port) : null, tls: form.tls, user: form.user || null, from: form.from || null, ...(form.password ? { password: form.password } : {}) } }),
    });
  };
  const locked = s.smtp.managedByEnv;
  // The stored password is bound to where it is sent (TLS mode, host, port): moving it clears it.
  const moved = s.smtp.passwordSet && !form.password && (form.host !== (s.smtp.host ?? '') || form.port !== String(s.smtp.port ?? '') || form.tls !== s.smtp.tls);
  return (
    <form className="grid max-w-2xl gap-3 md:grid-cols-2" onSubmit={submit}>
      <TextField label="SMTP host" value={form.host} disabled={locked} onChange={(e) => setForm({ ...form, host: e.target.value })} hint={locked ? 'Set by SMTP_* environment variables' : undefined} />
      <TextField label="Port" inputMode="numeric" value={form.port} disabled={locked} onChange={(e) => setForm({ ...form, port: e.target.value })} />
      <SelectField label="TLS" value={form.tls} disabled={locked} onChange={(e) => setForm({ ...form, tls: e.target.value as typeof form.tls })}>
        <option value="starttls">STARTTLS (587)</option>
        <option value="tls">TLS (465)</option>
        <option value="none">None (local relay)</option>
      </SelectField>
      <TextField label="User" value={form.user} disabled={locked} onChange={(e) => setForm({ ...form, user: e.target.value })} autoComplete="off" />
      <TextField label="Password" type="password" value={form.password} disabled={locked} onChange={(e) => setForm({ ...form, password: e.target.value })} autoComplete="new-password" hint={s.smtp.passwordSet ? 'A password is set; leave empty to keep it' : undefined} />
      <TextField label="From address" value={form.from} disabled={locked} onChange={(e) => setForm({ ...form, from: e.target.value })} placeholder="MediaNest <medianest@example.com>" />
      <TextField label="Server name" value={form.serverName} onChange={(e) => setForm({ ...form, serverName: e.target.value })} />
      <TextField label="Discord webhook for announcements" type="url" value={form.discord} onChange={(e) => setForm({ ...form, discord: e.target.value })} hint={s.discordWebhookSet ? 'A webhook is set' : undefined} />
      {moved && !locked ? (
        <div className="md:col-span-2">
          <Notice tone="warning">
            The saved SMTP password belongs to the previous mail server. Saving a different host, port or TLS mode removes it, so it
            is never sent to another server: enter it again above to keep email working.
          </Notice>
        </div>
      ) : null}
      <div className="md:col-span-2">
        <FormError message={save.isError ? message(save.error) : null} />
        <Button type="submit" disabled={save.isPending}>Save</Button>
      </div>
    </form>
  );
}

function Digest({ s }: { s: AdminNotifySettings }) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (digest: { enabled?: boolean; day?: number }) => client.request<AdminNotifySettings>('/admin/notifications/settings', { method: 'PUT', body: { digest } }),
    onSuccess: (data) => queryClient.setQueryData(KEY, data),
  });
  return (
    <div className="flex flex-wrap items-end gap-4">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={s.digest.enabled} onChange={(e) => save.mutate({ enabled: e.target.checked })} />
        Send a weekly digest
      </label>
      <SelectField label="Day (UTC)" value={String(s.digest.day)} onChange={(e) => save.mutate({ day: Number(e.target.value) })}>
        {DAYS.map((d, i) => (
          <option key={d} value={i}>{d}</option>
        ))}
      </SelectField>
    </div>
  );
}

function Announcement() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState({ title: '', message: '' });
  const post = useMutation({
    mutationFn: () => client.request<ResponseOf<'/api/v1/admin/announcements', 'post', 202>>('/admin/announcements', { method: 'POST', body: form }),
    onSuccess: (r) => {
      toast({ title: `Announcement sent to ${r.recipients} people`, tone: 'success' });
      setForm({ title: '', message: '' });
      void queryClient.invalidateQueries({ queryKey: KEY });
    },
  });
  return (
    <form className="max-w-2xl space-y-3" onSubmit={(e) => { e.preventDefault(); post.mutate(); }}>
      <TextField label="Title" required maxLength={200} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} placeholder="Plex maintenance tonight" />
      <TextField label="Message" required maxLength={2000} value={form.message} onChange={(e) => setForm({ ...form, message: e.target.value })} />
      <FormError message={post.isError ? message(post.error) : null} />
      <Button type="submit" disabled={post.isPending}>Send to everyone</Button>
    </form>
  );
}

const STATUS_LABEL: Record<string, string> = { queued: 'Waiting to send', sent: 'Sent', failed: 'Failed', dropped: 'Not sent' };
const STATUS_TONE: Record<string, string> = {
  queued: 'text-amber-800 dark:text-amber-300',
  sent: 'text-green-800 dark:text-green-300',
  failed: 'text-red-700 dark:text-red-300',
  dropped: 'text-slate-600 dark:text-slate-400',
};
const CHANNEL_LABEL: Record<string, string> = { email: 'Email', push: 'Push', discord: 'Discord', 'discord-admin': 'Discord (admin channel)', ntfy: 'ntfy', gotify: 'Gotify' };
const FILTERS = ['all', 'queued', 'sent', 'failed', 'dropped'] as const;

/** The latest outgoing deliveries (email, push, Discord, ntfy, Gotify) with their state; failed ones can be sent again. */
function Deliveries() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('all');
  const list = useQuery({
    queryKey: [...KEY, 'deliveries', filter],
    queryFn: () => client.request<Page<Delivery>>('/admin/notifications/deliveries', { query: { ...(filter === 'all' ? {} : { status: filter }), page: 1, pageSize: 20 } }),
    // Waiting deliveries are picked up within seconds: follow them until they are done.
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'queued') ? 2000 : false),
  });
  const retry = useMutation({
    mutationFn: (id: string) => client.request<void>(`/admin/notifications/deliveries/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: KEY }),
  });
  return (
    <div className="space-y-3">
      <SelectField label="Show" value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
        {FILTERS.map((f) => (
          <option key={f} value={f}>{f === 'all' ? 'All deliveries' : STATUS_LABEL[f]}</option>
        ))}
      </SelectField>
      {list.isLoading ? (
        <SkeletonList rows={2} label="Loading deliveries" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : !list.data || list.data.items.length === 0 ? (
        <p className="text-sm">{filter === 'all' ? 'Nothing sent yet.' : `No deliveries: ${STATUS_LABEL[filter]?.toLowerCase()}.`}</p>
      ) : (
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Deliveries">
          {list.data.items.map((d) => (
            <li key={d.id} className="flex items-center justify-between gap-3 py-2">
              <span className="min-w-0">
                <strong>{CHANNEL_LABEL[d.channel] ?? d.channel}</strong> · {d.title} · <span className={`font-medium ${STATUS_TONE[d.status] ?? ''}`}>{STATUS_LABEL[d.status] ?? d.status}</span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">
                  {formatDateTime(d.createdAt)}
                  {d.attempts > 1 ? ` · ${d.attempts} attempts` : ''}
                </span>
                {d.lastError && d.status !== 'sent' ? <span className="block truncate text-xs text-slate-600 dark:text-slate-400">{d.lastError}</span> : null}
              </span>
              {d.status === 'failed' ? (
                <Button size="sm" variant="secondary" onClick={() => retry.mutate(d.id)} aria-label={`Retry ${CHANNEL_LABEL[d.channel] ?? d.channel}: ${d.title}`}>
                  Retry
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Admin: SMTP, server name, digest, announcement webhook, announcements, deliveries. */
export default function NotificationsAdminPage() {
  const client = useApiClient();
  const settings = useQuery({
    queryKey: KEY,
    queryFn: () => client.request<AdminNotifySettings>('/admin/notifications/settings'),
    // The delivery counts follow waiting deliveries until they are sent or given up.
    refetchInterval: (query) => ((query.state.data?.deliveries.queued ?? 0) > 0 ? 3000 : false),
  });
  if (settings.isLoading) return <SkeletonList rows={6} label="Loading notification settings" />;
  if (settings.isError || !settings.data) return <ErrorState error={settings.error} title="Could not load notification settings" />;
  const s = settings.data;
  return (
    <div className="space-y-8">
      <Section title="Email and server name">
        <SmtpForm s={s} />
      </Section>
      <Section title="Weekly digest">
        <Digest s={s} />
      </Section>
      <Section title="Announcement">
        <Announcement />
      </Section>
      <Section title="Deliveries">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400" data-testid="delivery-counts">
          {Object.entries(s.deliveries).map(([k, v]) => `${v} ${(STATUS_LABEL[k] ?? k).toLowerCase()}`).join(' · ') || 'None yet'}
        </p>
        <Deliveries />
      </Section>
    </div>
  );
}
