import type { AuditLog, Prisma, PrismaClient } from '@prisma/client';
import type { AuditEntry } from './audit.service';

/** The append-only `audit_log` (Prisma only here). */
export class AuditRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.prisma.auditLog.create({
      data: {
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        details: (entry.details ?? undefined) as Prisma.InputJsonValue | undefined,
        ip: entry.ip ?? null,
      },
    });
  }

  /** Newest first; `category` is the action's prefix, `actorId` who did it. */
  async list(skip: number, take: number, filter: { category?: string; actorId?: string }): Promise<{ rows: AuditLog[]; total: number }> {
    const where: Prisma.AuditLogWhereInput = {
      ...(filter.category ? { action: { startsWith: `${filter.category}.` } } : {}),
      ...(filter.actorId ? { actorId: filter.actorId } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.auditLog.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take }),
      // Unfiltered, the total is kept by a trigger (row_counts) instead of counting every entry.
      Object.keys(where).length === 0
        ? this.prisma.rowCount.findUnique({ where: { table: 'audit_log' } }).then((r) => Number(r?.n ?? 0))
        : this.prisma.auditLog.count({ where }),
    ]);
    return { rows, total };
  }
}
