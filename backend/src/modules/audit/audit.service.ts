import type { Logger } from '../../logging/logger';
import type { AuditRepository } from './audit.repository';

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
    private readonly repo: AuditRepository,
    private readonly logger: Logger,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.repo.append(entry);
    this.logger.info('audit', { action: entry.action, actorId: entry.actorId, targetType: entry.targetType, targetId: entry.targetId });
  }

  /** Newest first; `category` is the action's prefix (`auth`, `admin`, `media`), `actorId` who did it. */
  async list(skip: number, take: number, filter: { category?: string; actorId?: string } = {}) {
    const { rows, total } = await this.repo.list(skip, take, filter);
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
