import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';
import { useApiClient } from '../../api/context';
import type { RequestBodyOf, ResponseOf } from '../../api/types';

export const KINDS = [
  { id: 'request', label: 'Your requests', adminOnly: false },
  { id: 'followed', label: 'Followed titles available', adminOnly: false },
  { id: 'episodes', label: 'New episodes', adminOnly: false },
  { id: 'announcement', label: 'Announcements', adminOnly: false },
  { id: 'digest', label: 'Weekly digest', adminOnly: false },
  { id: 'service', label: 'Service problems', adminOnly: true },
] as const;
export const CHANNELS = [
  { id: 'inApp', label: 'In-app' },
  { id: 'email', label: 'Email' },
  { id: 'push', label: 'Push' },
  { id: 'discord', label: 'Discord' },
  { id: 'ntfy', label: 'ntfy' },
  { id: 'gotify', label: 'Gotify' },
] as const;
export type Kind = (typeof KINDS)[number]['id'];
export type Channel = (typeof CHANNELS)[number]['id'];

/** Your channels and what each kind of notification goes to. */
export type ChannelSettings = ResponseOf<'/api/v1/notifications/settings', 'get'>;
type SettingsChange = RequestBodyOf<'/api/v1/notifications/settings', 'put'>;

const KEY = ['notification-settings'] as const;

export function useChannelSettings() {
  const client = useApiClient();
  return useQuery({ queryKey: KEY, queryFn: () => client.request<ChannelSettings>('/notifications/settings') });
}

export function useSaveChannelSettings() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: SettingsChange) => client.request<ChannelSettings>('/notifications/settings', { method: 'PUT', body: change }),
    onSuccess: (data) => queryClient.setQueryData(KEY, data),
  });
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '='));
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Asks for permission, subscribes this browser through the service worker and registers it. */
export async function enablePush(client: ApiClient): Promise<void> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) throw new Error('This browser cannot receive push notifications.');
  if ((await Notification.requestPermission()) !== 'granted') throw new Error('Notifications are blocked for this site in the browser.');
  const registration = (await navigator.serviceWorker.getRegistration()) ?? (await navigator.serviceWorker.register('/sw.js'));
  await navigator.serviceWorker.ready;
  const { publicKey } = await client.request<ResponseOf<'/api/v1/notifications/push/public-key', 'get'>>('/notifications/push/public-key');
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) }));
  await client.request('/notifications/push/subscriptions', { method: 'POST', body: subscription.toJSON() });
}
