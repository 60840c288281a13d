import crypto from 'node:crypto';
import type { PlexPin, PrismaClient } from '@prisma/client';

const CLIENT_ID_KEY = 'plex.clientId';

/** PINs handed to clients, and this install's plex.tv client identifier (Prisma only here). */
export class PlexPinRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(data: { plexPinId: number; code: string; pinTokenHash: string; expiresAt: Date; createdAt: Date }): Promise<PlexPin> {
    return this.prisma.plexPin.create({ data });
  }

  findByTokenHash(pinTokenHash: string): Promise<PlexPin | null> {
    return this.prisma.plexPin.findUnique({ where: { pinTokenHash } });
  }

  /** Marks the PIN used, once: false when another call completed it first. */
  async complete(id: string, purpose: 'login' | 'link' | 'invite', userId: string | null, at: Date): Promise<boolean> {
    const result = await this.prisma.plexPin.updateMany({ where: { id, completedAt: null }, data: { completedAt: at, purpose, userId } });
    return result.count === 1;
  }

  async deleteExpiredBefore(at: Date): Promise<void> {
    await this.prisma.plexPin.deleteMany({ where: { expiresAt: { lt: at } } });
  }

  /** The persisted client identifier, generated on first use (concurrent first uses agree on one). */
  async clientId(): Promise<string> {
    await this.prisma.setting.createMany({ data: [{ key: CLIENT_ID_KEY, value: crypto.randomUUID(), encrypted: false }], skipDuplicates: true });
    const row = await this.prisma.setting.findUniqueOrThrow({ where: { key: CLIENT_ID_KEY } });
    return row.value;
  }
}
