import type { Prisma, PrismaClient } from '@prisma/client';
import type { Logger } from '../../logging/logger';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ip?: string;
}

/** Append-only audit log of logins and every admin action; entries outlive the users they name. */
export class AuditService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  async record(entry: AuditEntry, tx: Prisma.TransactionClient = this.prisma): Promise<void> {
    await tx.auditLog.create({
      data: {
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        details: (entry.details ?? undefined) as Prisma.InputJsonValue | undefined,
        ip: entry.ip ?? null,
      },
    });
    this.logger.info('audit', { action: entry.action, actorId: entry.actorId, targetType: entry.targetType, targetId: entry.targetId });
  }

  /** Newest first; `category` is the action's prefix (`auth`, `admin`, `media`), `actorId` who did it. */
  async list(skip: number, take: number, filter: { category?: string; actorId?: string } = {}) {
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
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        actorId: r.actorId,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        details: r.details ?? null,
        createdAt: r.createdAt.toISOString(),
        ip: r.ip,
      })),
    };
  }
}
