import crypto from 'node:crypto';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { UserRepository } from '../auth/user.repository';
import type { ChannelFanOut } from './fan-out.service';
import { type Kind, kindOfType } from './kinds';
import { type NotificationResponse, toNotificationResponse } from './notification.presenter';
import type { NotificationRepository } from './notification.repository';
import type { NotificationPreferences } from './preferences.service';

export interface NotificationInput {
  type: string;
  title: string;
  message: string;
  data?: Record<string, unknown>;
  /** Web-app path the notification leads to; derived from data.requestId when absent. */
  link?: string;
  /** Event kind for the user's channel choices; derived from `type` when absent. */
  kind?: Kind;
  /** Identifies this event for this user: deliveries with the same key are queued once. */
  key?: string;
  /** A prepared email body (the digest) instead of the standard template. */
  email?: { text: string; html: string };
}

/** Where a notification leads in the web app. */
export function linkOf(input: Pick<NotificationInput, 'link' | 'data'>): string | undefined {
  if (input.link) return input.link;
  const requestId = input.data?.requestId;
  return typeof requestId === 'string' ? `/requests/${requestId}` : undefined;
}

export interface NotificationServiceDeps {
  repo: NotificationRepository;
  users: Pick<UserRepository, 'activeIds'>;
  realtime: Realtime;
  /** The user's other channels (email, push, ...) through the delivery queue. */
  fanOut: ChannelFanOut;
  prefs: NotificationPreferences;
  logger: Logger;
}

/** Stores notifications, pushes each one live to the user it is for, and queues its other channels. */
export class NotificationService {
  constructor(private readonly d: NotificationServiceDeps) {}

  /**
   * Stores the notification, pushes it live and queues the other channels the
   * user chose for its kind. With in-app turned off for the kind the row is
   * still kept (the history page shows it) but arrives read and silent: no
   * live event, no unread badge. Queueing problems are logged, never thrown:
   * a notification must not fail what caused it.
   */
  async notify(userId: string, input: NotificationInput): Promise<NotificationResponse> {
    const kind = input.kind ?? kindOfType(input.type);
    const link = linkOf(input);
    const data = link ? { ...input.data, link } : input.data;
    const inApp = await this.d.prefs.get(userId).then((p) => p.preferences[kind].includes('inApp'), () => true);
    const row = await this.d.repo.create({ userId, type: input.type, title: input.title, message: input.message, data, readAt: inApp ? null : new Date() });
    const response = toNotificationResponse(row);
    if (inApp) {
      this.d.realtime.emitToUser(userId, 'notification', {
        id: response.id,
        type: response.type,
        title: response.title,
        message: response.message,
        createdAt: response.createdAt,
        ...(data ? { data } : {}),
      });
    }
    const key = input.key ? `${input.key}:${userId}` : `n:${response.id}`;
    const payload = { kind, type: input.type, title: input.title, message: input.message, link, notificationId: response.id, ...input.email };
    await this.d.fanOut.fanOut(userId, kind, key, payload).catch((err: unknown) => {
      this.d.logger.warn('could not queue notification deliveries', { userId, type: input.type, reason: (err as Error).message });
    });
    return response;
  }

  /** One notification for every active admin. */
  async notifyAdmins(input: NotificationInput): Promise<void> {
    const admins = await this.d.users.activeIds('admin');
    await Promise.all(admins.map((id) => this.notify(id, input)));
  }

  /** An admin's announcement: a notification for every active user, and the admin-wide Discord channel. */
  async announce(input: { title: string; message: string; link?: string }): Promise<{ id: string; recipients: number }> {
    const id = crypto.randomUUID();
    const users = await this.d.users.activeIds();
    for (const userId of users) {
      await this.notify(userId, { type: 'announcement', kind: 'announcement', title: input.title, message: input.message, link: input.link, key: `announcement:${id}` });
    }
    await this.d.fanOut.toAdminDiscord(`announcement:${id}`, { kind: 'announcement', type: 'announcement', title: input.title, message: input.message, link: input.link });
    this.d.logger.info('announcement posted', { id, recipients: users.length });
    return { id, recipients: users.length };
  }

  async list(userId: string, options: { unreadOnly: boolean; skip: number; take: number }) {
    const { rows, total, unreadCount } = await this.d.repo.list(userId, options);
    return { items: rows.map(toNotificationResponse), total, unreadCount };
  }

  /** False when the notification is not this user's (the route answers 404). */
  markRead(userId: string, id: string): Promise<boolean> {
    return this.d.repo.markRead(userId, id, new Date());
  }

  async markAllRead(userId: string): Promise<void> {
    await this.d.repo.markAllRead(userId, new Date());
  }
}
