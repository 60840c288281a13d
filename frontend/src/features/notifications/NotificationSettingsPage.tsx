import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useApiClient, useAuth } from '../../api/context';
import { Button } from '../../components/Button';
import { FormError, TextField } from '../../components/Field';
import { PageHeader, Section } from '../../components/PageHeader';
import { SkeletonList } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { useToast } from '../../components/Toast';
import { CHANNELS, type Channel, type ChannelSettings, enablePush, type Kind, KINDS, useChannelSettings, useSaveChannelSettings } from './settings-api';
import { can } from '../../lib/policy';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : 'Something went wrong.';
}

function Targets({ settings }: { settings: ChannelSettings }) {
  const save = useSaveChannelSettings();
  const toast = useToast();
  const [discord, setDiscord] = useState('');
  const [ntfy, setNtfy] = useState({ url: settings.targets.ntfy?.url ?? 'https://ntfy.sh', topic: settings.targets.ntfy?.topic ?? '', token: '' });
  const [gotify, setGotify] = useState({ url: settings.targets.gotify?.url ?? '', token: '' });
  const submit = (event: FormEvent, targets: Parameters<typeof save.mutate>[0]['targets']) => {
    event.preventDefault();
    save.mutate({ targets }, { onSuccess: () => toast({ title: 'Saved', tone: 'success' }) });
  };
  return (
    <div className="grid gap-6 md:grid-cols-3">
      <form className="space-y-3" onSubmit={(e) => submit(e, { discord: { webhookUrl: discord } })}>
        <h3 className="font-medium">Discord</h3>
        <TextField label="Webhook URL" type="url" required value={discord} onChange={(e) => setDiscord(e.target.value)} hint={settings.targets.discord ? `Set: ${settings.targets.discord.webhookUrl}` : 'Server settings → Integrations → Webhooks'} />
        <div className="flex gap-2">
          <Button size="sm" type="submit">Save</Button>
          {settings.targets.discord ? <Button size="sm" variant="ghost" type="button" onClick={() => save.mutate({ targets: { discord: null } })}>Remove</Button> : null}
        </div>
      </form>
      <form className="space-y-3" onSubmit={(e) => submit(e, { ntfy: { url: ntfy.url, topic: ntfy.topic, ...(ntfy.token ? { token: ntfy.token } : {}) } })}>
        <h3 className="font-medium">ntfy</h3>
        <TextField label="Server" type="url" required value={ntfy.url} onChange={(e) => setNtfy({ ...ntfy, url: e.target.value })} />
        <TextField label="Topic" required value={ntfy.topic} onChange={(e) => setNtfy({ ...ntfy, topic: e.target.value })} />
        <TextField label="Access token (optional)" type="password" value={ntfy.token} onChange={(e) => setNtfy({ ...ntfy, token: e.target.value })} hint={settings.targets.ntfy?.hasToken ? 'A token is set' : undefined} />
        <div className="flex gap-2">
          <Button size="sm" type="submit">Save</Button>
          {settings.targets.ntfy ? <Button size="sm" variant="ghost" type="button" onClick={() => save.mutate({ targets: { ntfy: null } })}>Remove</Button> : null}
        </div>
      </form>
      <form className="space-y-3" onSubmit={(e) => submit(e, { gotify: gotify })}>
        <h3 className="font-medium">Gotify</h3>
        <TextField label="Server" type="url" required value={gotify.url} onChange={(e) => setGotify({ ...gotify, url: e.target.value })} />
        <TextField label="Application token" type="password" required value={gotify.token} onChange={(e) => setGotify({ ...gotify, token: e.target.value })} hint={settings.targets.gotify ? 'A token is set' : undefined} />
        <div className="flex gap-2">
          <Button size="sm" type="submit">Save</Button>
          {settings.targets.gotify ? <Button size="sm" variant="ghost" type="button" onClick={() => save.mutate({ targets: { gotify: null } })}>Remove</Button> : null}
        </div>
      </form>
      <div className="md:col-span-3">
        <FormError message={save.isError ? errorText(save.error) : null} />
      </div>
    </div>
  );
}

/** Channels per kind of notification, your own targets, this browser's push, the digest. */
export default function NotificationSettingsPage() {
  const settings = useChannelSettings();
  const save = useSaveChannelSettings();
  const client = useApiClient();
  const { user } = useAuth();
  const toast = useToast();
  const [pushError, setPushError] = useState<string | null>(null);
  const [pushBusy, setPushBusy] = useState(false);

  if (settings.isLoading) return <SkeletonList rows={6} label="Loading notification settings" />;
  if (settings.isError || !settings.data) return <ErrorState error={settings.error} title="Could not load your notification settings" onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  const kinds = KINDS.filter((k) => !k.adminOnly || can(user, 'notifications:admin'));
  const toggle = (kind: Kind, channel: Channel, on: boolean) => {
    const next = on ? [...s.preferences[kind], channel] : s.preferences[kind].filter((c) => c !== channel);
    save.mutate({ preferences: { [kind]: next } });
  };

  return (
    <>
      <PageHeader
        title="Notification settings"
        description="Choose where you are told about each kind of news."
        actions={<Link className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-400" to="/following">Titles you follow</Link>}
      />
      <div className="space-y-8">
        <Section title="Channels">
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Channels per kind of notification</caption>
              <thead>
                <tr>
                  <th scope="col" className="py-2 text-left">Kind</th>
                  {CHANNELS.map((c) => (
                    <th scope="col" key={c.id} className="px-2 py-2">{c.label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {kinds.map((k) => (
                  <tr key={k.id} className="border-t border-slate-200 dark:border-slate-800">
                    <th scope="row" className="py-2 text-left font-medium">{k.label}</th>
                    {CHANNELS.map((c) => (
                      <td key={c.id} className="px-2 py-2 text-center">
                        <input
                          type="checkbox"
                          aria-label={`${k.label} by ${c.label}`}
                          checked={s.preferences[k.id].includes(c.id)}
                          disabled={save.isPending}
                          onChange={(e) => toggle(k.id, c.id, e.target.checked)}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!s.email.available ? <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Email needs an address on your account and an admin to set up SMTP.</p> : null}
        </Section>
        <Section title="Push on this device">
          <p className="mb-3 text-sm">{s.push.subscriptions === 0 ? 'No device receives push notifications yet.' : `${s.push.subscriptions} device(s) receive push notifications.`}</p>
          <div className="flex gap-2">
            <Button
              size="sm"
              disabled={pushBusy}
              onClick={() => {
                setPushBusy(true);
                setPushError(null);
                enablePush(client)
                  .then(() => settings.refetch())
                  .then(() => toast({ title: 'Push notifications on for this device', tone: 'success' }))
                  .catch((err: unknown) => setPushError(errorText(err)))
                  .finally(() => setPushBusy(false));
              }}
            >
              Enable on this device
            </Button>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => void client.request<{ queued: number }>('/notifications/test', { method: 'POST' }).then((r) => toast({ title: `Test sent on ${r.queued} channel(s)`, tone: 'success' }))}
            >
              Send a test
            </Button>
          </div>
          <FormError message={pushError} />
        </Section>
        <Section title="Discord, ntfy and Gotify">
          <Targets settings={s} />
        </Section>
        <Section title="Weekly digest">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={!s.digestOptOut} onChange={(e) => save.mutate({ digestOptOut: !e.target.checked })} />
            Send me the weekly digest (when an admin has turned it on). <Link className="text-brand-700 hover:underline dark:text-brand-400" to="/digest">See this week’s</Link>
          </label>
        </Section>
      </div>
    </>
  );
}
