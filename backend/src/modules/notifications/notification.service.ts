import type { Notification, Prisma, PrismaClient } from '@prisma/client';
import type { Realtime } from '../../realtime/realtime';

export interface NotificationInput {
  type: string;
  title: string;
  message: string;
  data?: Record<string, unknown>;
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
  constructor(
    private readonly prisma: PrismaClient,
    private readonly realtime: Realtime,
  ) {}

  async notify(userId: string, input: NotificationInput): Promise<NotificationResponse> {
    const row = await this.prisma.notification.create({
      data: { userId, type: input.type, title: input.title, message: input.message, data: input.data as Prisma.InputJsonValue | undefined },
    });
    const response = toNotificationResponse(row);
    this.realtime.emitToUser(userId, 'notification', {
      id: response.id,
      type: response.type,
      title: response.title,
      message: response.message,
      createdAt: response.createdAt,
    });
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
