import webpush from 'web-push';
import type { ClaimedJob } from '../delivery-queue.repository';
import type { NotifyAdminSettingsService } from '../admin-settings.service';
import type { PushSubscriptionRepository } from '../push-subscription.repository';
import { type ChannelHttp, type DeliveryChannel, PermanentDeliveryError, sendTo, statusOutcome } from './channel';

/**
 * Web Push through the subscription's push service (RFC 8030), encrypted
 * aes128gcm (RFC 8291) and signed with the server's VAPID key (RFC 8292) by
 * the web-push library. 404/410 mean the subscription is gone: it is removed.
 */
export class PushChannel implements DeliveryChannel {
  constructor(
    private readonly subscriptions: Pick<PushSubscriptionRepository, 'find' | 'remove'>,
    private readonly admin: NotifyAdminSettingsService,
    private readonly http: ChannelHttp,
  ) {}

  async deliver(job: ClaimedJob): Promise<'sent' | 'dropped'> {
    const id = job.payload.subscriptionId;
    const sub = id ? await this.subscriptions.find(id) : null;
    if (!sub || sub.userId !== job.userId) return 'dropped';
    const vapid = await this.admin.vapid();
    const serverName = (await this.admin.get()).serverName;
    const payload = JSON.stringify({ title: job.payload.title, body: job.payload.message, url: job.payload.link ?? '/', tag: job.payload.notificationId, server: serverName });
    // web-push encrypts and signs; the request itself goes through the outbound layer (deadline,
    // size cap, no redirects, and any scheme: the library's own sender speaks https only, tests
    // use a local http endpoint). No answer, a redirect or a 5xx is retried.
    const details = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
      vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      TTL: 24 * 3600,
      contentEncoding: 'aes128gcm',
    });
    const { status } = await sendTo(details.endpoint, { headers: details.headers as Record<string, string>, body: new Uint8Array(details.body ?? []) }, 'push service', this.http);
    if (status === 404 || status === 410) {
      await this.subscriptions.remove(sub.id);
      return 'dropped';
    }
    const outcome = statusOutcome(status);
    if (outcome === 'sent') return 'sent';
    throw outcome === 'permanent' ? new PermanentDeliveryError(`push service answered ${status}`) : new Error(`push service answered ${status}`);
  }
}
