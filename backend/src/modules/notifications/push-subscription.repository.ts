import type { PrismaClient, PushSubscription } from '@prisma/client';

/** Browsers' push subscriptions, one row per device (endpoint); Prisma only here. */
export class PushSubscriptionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Registers (or re-registers, e.g. after keys rotated) a device; an endpoint belongs to one user. */
  async subscribe(userId: string, endpoint: string, keys: { p256dh: string; auth: string }, userAgent: string | undefined): Promise<string> {
    const data = { userId, p256dh: keys.p256dh, auth: keys.auth, userAgent: userAgent?.slice(0, 300) ?? null };
    const row = await this.prisma.pushSubscription.upsert({ where: { endpoint }, create: { endpoint, ...data }, update: data });
    return row.id;
  }

  async unsubscribe(userId: string, id: string): Promise<boolean> {
    return (await this.prisma.pushSubscription.deleteMany({ where: { id, userId } })).count > 0;
  }

  count(userId: string): Promise<number> {
    return this.prisma.pushSubscription.count({ where: { userId } });
  }

  find(id: string): Promise<PushSubscription | null> {
    return this.prisma.pushSubscription.findUnique({ where: { id } });
  }

  /** The user's devices (ids). */
  async idsOf(userId: string): Promise<string[]> {
    return (await this.prisma.pushSubscription.findMany({ where: { userId }, select: { id: true } })).map((s) => s.id);
  }

  /** A subscription the push service says is gone. */
  async remove(id: string): Promise<void> {
    await this.prisma.pushSubscription.deleteMany({ where: { id } });
  }
}
