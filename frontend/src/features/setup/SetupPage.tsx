import { useState } from 'react';
import { Link } from 'react-router';
import { useSetup } from '../../api/queries/admin';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { SkeletonList } from '../../components/Skeleton';
import { ErrorState, Notice } from '../../components/States';
import { ConnectionStep } from './ConnectionStep';
import { PlexStep } from './PlexStep';

function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** The first run: connect Plex, Overseerr, the webhook and (optionally) Uptime Kuma, each tested before it is saved. */
export default function SetupPage() {
  const [waiting, setWaiting] = useState(true);
  const query = useSetup(waiting);
  const [copied, setCopied] = useState(false);
  const s = query.data;
  if (s && waiting && s.webhook.lastTestAt) setWaiting(false);

  return (
    <>
      <PageHeader title="Set up MediaNest" description="Four steps, each tested before it is saved. Uptime Kuma is optional." />
      {query.isPending ? (
        <SkeletonList rows={4} label="Loading the checklist" />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="space-y-6">
          {s!.done ? (
            <Notice>
              All set: Plex, Overseerr and the webhook work. <Link to="/" className="font-medium underline">Go to the dashboard</Link>.
            </Notice>
          ) : null}
          <PlexStep done={s!.plex.configured} managedByEnv={s!.plex.managedByEnv} />
          <ConnectionStep
            service="overseerr"
            title="2. Connect Overseerr"
            done={s!.overseerr.configured}
            managedByEnv={s!.overseerr.managedByEnv}
            fields={[
              { name: 'url', label: 'Overseerr URL', placeholder: 'http://192.168.1.10:5055' },
              { name: 'secret', label: 'Overseerr API key', secret: true, hint: 'Overseerr → Settings → General → API Key.' },
              { name: 'webhookSecret', label: 'Webhook secret', secret: true, hint: 'A password you choose; Overseerr sends it with every webhook (step 3).' },
            ]}
            toSettings={(v) => ({ overseerr: { url: v.url, apiKey: v.secret, webhookSecret: v.webhookSecret } })}
          />
          <section aria-label="3. Set up the webhook" className="card p-5">
            <h2 className="flex items-center gap-2 text-lg font-semibold">
              <span aria-hidden="true">{s!.webhook.lastTestAt ? '✅' : '⬜'}</span>3. Set up the webhook
            </h2>
            <p className="mt-2 text-sm">
              In Overseerr → Settings → Notifications → Webhook, enable it, paste this URL, put the webhook secret you chose in step 2 in
              &quot;Authorization Header&quot;, then press Test.
            </p>
            <div className="mt-3 flex flex-wrap items-center gap-2">
              <label htmlFor="webhook-url" className="sr-only">
                Webhook URL
              </label>
              <input id="webhook-url" readOnly value={s!.webhook.url} className="field-input max-w-xl font-mono text-sm" onFocus={(e) => e.target.select()} />
              <Button
                variant="secondary"
                size="sm"
                onClick={() => void navigator.clipboard?.writeText(s!.webhook.url).then(() => setCopied(true), () => setCopied(false))}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </div>
            {!s!.webhook.secretSet ? (
              <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">
                No webhook secret yet: choose one in step 2 (or in <Link to="/admin/settings" className="underline">Admin → Settings</Link>).
              </p>
            ) : null}
            <p role="status" className="mt-3 text-sm font-medium">
              {s!.webhook.lastTestAt ? `Overseerr's test webhook arrived at ${clock(s!.webhook.lastTestAt)}.` : "Waiting for Overseerr's test webhook…"}
            </p>
          </section>
          <ConnectionStep
            service="uptimeKuma"
            title="4. Uptime Kuma (optional)"
            done={s!.uptimeKuma.configured}
            managedByEnv={s!.uptimeKuma.managedByEnv}
            fields={[
              { name: 'url', label: 'Uptime Kuma URL', placeholder: 'http://192.168.1.10:3001' },
              { name: 'statusPage', label: 'Status page slug', placeholder: 'home' },
            ]}
            toSettings={(v) => ({ uptimeKuma: { url: v.url, statusPage: v.statusPage } })}
          />
        </div>
      )}
    </>
  );
}
