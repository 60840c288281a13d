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

  async list(skip: number, take: number) {
    const [rows, total] = await Promise.all([
      this.prisma.auditLog.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take }),
      // Kept by a trigger (row_counts): the total without counting every entry.
      this.prisma.rowCount.findUnique({ where: { table: 'audit_log' } }).then((r) => Number(r?.n ?? 0)),
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
