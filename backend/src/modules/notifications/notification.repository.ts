import type { Notification, NotificationSettings, Prisma, PrismaClient } from '@prisma/client';

/** Users' notifications and their channel settings (Prisma only here). */
export class NotificationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(row: { userId: string; type: string; title: string; message: string; data?: Record<string, unknown>; readAt: Date | null }): Promise<Notification> {
    return this.prisma.notification.create({ data: { ...row, data: row.data as Prisma.InputJsonValue | undefined } });
  }

  async list(userId: string, options: { unreadOnly: boolean; skip: number; take: number }): Promise<{ rows: Notification[]; total: number; unreadCount: number }> {
    const where: Prisma.NotificationWhereInput = { userId, ...(options.unreadOnly ? { readAt: null } : {}) };
    const [rows, total, unreadCount] = await Promise.all([
      this.prisma.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: options.skip, take: options.take }),
      this.prisma.notification.count({ where }),
      this.prisma.notification.count({ where: { userId, readAt: null } }),
    ]);
    return { rows, total, unreadCount };
  }

  /** False when the notification is not this user's. */
  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.prisma.notification.updateMany({ where: { id, userId }, data: { readAt: at } });
    if (result.count > 0) return true;
    return (await this.prisma.notification.count({ where: { id, userId } })) > 0;
  }

  async markAllRead(userId: string, at: Date): Promise<void> {
    await this.prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: at } });
  }

  findSettings(userId: string): Promise<NotificationSettings | null> {
    return this.prisma.notificationSettings.findUnique({ where: { userId } });
  }

  async saveSettings(userId: string, data: { preferences: unknown; targetsEnc: string | null; digestOptOut: boolean }): Promise<void> {
    const row = { ...data, preferences: data.preferences as Prisma.InputJsonValue };
    await this.prisma.notificationSettings.upsert({ where: { userId }, create: { userId, ...row }, update: row });
  }
}
