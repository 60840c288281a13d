import type { Notification, Prisma, PrismaClient } from '@prisma/client';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { ChannelFanOut } from './fan-out';
import { type Kind, kindOfType } from './kinds';
import type { NotificationPreferences } from './preferences';

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

export interface NotificationResponse {
  id: string;
  type: string;
  title: string;
  message: string;
  readAt: string | null;
  createdAt: string;
  data?: Record<string, unknown>;
}

export function toNotificationResponse(n: Notification): NotificationResponse {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    message: n.message,
    readAt: n.readAt ? n.readAt.toISOString() : null,
    createdAt: n.createdAt.toISOString(),
    ...(n.data && typeof n.data === 'object' ? { data: n.data as Record<string, unknown> } : {}),
  };
}

/** Stores notifications and pushes each one live to the user it is for. */
export class NotificationService {
  private channels?: { fanOut: ChannelFanOut; prefs: NotificationPreferences; logger: Logger };

  constructor(
    private readonly prisma: PrismaClient,
    private readonly realtime: Realtime,
  ) {}

  /** Adds the user's other channels (email, push, ...) through the delivery queue. */
  attachChannels(fanOut: ChannelFanOut, prefs: NotificationPreferences, logger: Logger): void {
    this.channels = { fanOut, prefs, logger };
  }

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
    let inApp = true;
    if (this.channels) {
      inApp = await this.channels.prefs.get(userId).then((p) => p.preferences[kind].includes('inApp'), () => true);
    }
    const row = await this.prisma.notification.create({
      data: { userId, type: input.type, title: input.title, message: input.message, data: data as Prisma.InputJsonValue | undefined, readAt: inApp ? null : new Date() },
    });
    const response = toNotificationResponse(row);
    if (inApp) {
      this.realtime.emitToUser(userId, 'notification', {
        id: response.id,
        type: response.type,
        title: response.title,
        message: response.message,
        createdAt: response.createdAt,
        ...(data ? { data } : {}),
      });
    }
    if (this.channels) {
      const key = input.key ? `${input.key}:${userId}` : `n:${response.id}`;
      const payload = { kind, type: input.type, title: input.title, message: input.message, link, notificationId: response.id, ...input.email };
      await this.channels.fanOut.fanOut(userId, kind, key, payload).catch((err: unknown) => {
        this.channels?.logger.warn('could not queue notification deliveries', { userId, type: input.type, reason: (err as Error).message });
      });
    }
    return response;
  }

  /** One notification for every active admin. */
  async notifyAdmins(input: NotificationInput): Promise<void> {
    const admins = await this.prisma.user.findMany({ where: { role: 'admin', status: 'active' }, select: { id: true } });
    await Promise.all(admins.map((a) => this.notify(a.id, input)));
  }

  async list(userId: string, options: { unreadOnly: boolean; skip: number; take: number }) {
    const where: Prisma.NotificationWhereInput = { userId, ...(options.unreadOnly ? { readAt: null } : {}) };
    const [rows, total, unreadCount] = await Promise.all([
      this.prisma.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: options.skip, take: options.take }),
      this.prisma.notification.count({ where }),
      this.prisma.notification.count({ where: { userId, readAt: null } }),
    ]);
    return { items: rows.map(toNotificationResponse), total, unreadCount };
  }

  /** False when the notification is not this user's (the route answers 404). */
  async markRead(userId: string, id: string): Promise<boolean> {
    const result = await this.prisma.notification.updateMany({ where: { id, userId }, data: { readAt: new Date() } });
    if (result.count > 0) return true;
    return (await this.prisma.notification.count({ where: { id, userId } })) > 0;
  }

  async markAllRead(userId: string): Promise<void> {
    await this.prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
  }
}
