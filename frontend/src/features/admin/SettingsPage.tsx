import { useSettings } from '../../api/queries/admin';
import type { Settings } from '../../api/types';
import { SkeletonList } from '../../components/Skeleton';
import { ErrorState } from '../../components/States';
import { SettingsSection, type SectionSpec } from './SettingsSection';

function sections(settings: Settings): SectionSpec[] {
  return [
    {
      key: 'plex',
      title: 'Plex',
      description: 'The Plex Media Server whose libraries MediaNest shows and whose shared users may sign in.',
      envNames: 'PLEX_SERVER_URL, PLEX_TOKEN',
      managedByEnv: settings.plex.managedByEnv,
      fields: [{ name: 'serverUrl', label: 'Server URL', value: settings.plex.serverUrl, placeholder: 'http://plex:32400', type: 'url' }],
      secrets: [{ name: 'token', label: 'Plex token', isSet: settings.plex.tokenSet, boundTo: 'serverUrl' }],
    },
    {
      key: 'overseerr',
      title: 'Overseerr',
      description: 'Overseerr, Seerr or Jellyseerr: where requests are sent.',
      envNames: 'OVERSEERR_URL, OVERSEERR_API_KEY, OVERSEERR_WEBHOOK_SECRET',
      managedByEnv: settings.overseerr.managedByEnv,
      fields: [{ name: 'url', label: 'URL', value: settings.overseerr.url, placeholder: 'http://overseerr:5055', type: 'url' }],
      secrets: [
        { name: 'apiKey', label: 'API key', isSet: settings.overseerr.apiKeySet, boundTo: 'url' },
        {
          name: 'webhookSecret',
          label: 'Webhook secret',
          isSet: settings.overseerr.webhookSecretSet,
          hint: 'Put the same value in Overseerr → Settings → Notifications → Webhook → Authorization header.',
        },
      ],
    },
    {
      key: 'uptimeKuma',
      title: 'Uptime Kuma',
      description: 'Optional: show the monitors of an Uptime Kuma status page on the dashboard.',
      envNames: 'UPTIME_KUMA_URL, UPTIME_KUMA_STATUS_PAGE',
      managedByEnv: settings.uptimeKuma.managedByEnv,
      fields: [
        { name: 'url', label: 'URL', value: settings.uptimeKuma.url, placeholder: 'http://uptime-kuma:3001', type: 'url' },
        { name: 'statusPage', label: 'Status page slug', value: settings.uptimeKuma.statusPage, placeholder: 'home' },
      ],
      secrets: [],
    },
  ];
}

export default function SettingsPage() {
  const query = useSettings();
  if (query.isPending) return <SkeletonList rows={6} label="Loading settings" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <div className="grid grid-cols-1 gap-6 2xl:grid-cols-3">
      {sections(query.data).map((spec) => (
        <SettingsSection key={spec.key} spec={spec} />
      ))}
    </div>
  );
}
