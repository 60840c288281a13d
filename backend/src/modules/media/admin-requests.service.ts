import type { MediaRequest, MediaType, RequestStatus, User } from '@prisma/client';
import { ConflictError, NotFoundError } from '../../common/errors';
import { type List, type PageQuery, skipTake, toList } from '../../http/pagination';
import type { Logger } from '../../logging/logger';
import { OverseerrHttpError, type OverseerrClient } from '../../integrations/overseerr/overseerr.client';
import type { AuditService } from '../audit/audit.service';
import { type MediaRequestResponse, toMediaRequestResponse } from './media.presenter';
import type { MediaRepository, QueueSort } from './media.repository';
import type { RequestUpdates } from './request-updates';
import { mapOverseerrStatus } from './request-status';

export interface QueueQuery extends PageQuery {
  status?: RequestStatus;
  userId?: string;
  mediaType?: MediaType;
  sort: QueueSort;
}
export type QueueItem = MediaRequestResponse & { user: { id: string; username: string } };

export interface AdminRequestsDeps {
  repository: MediaRepository;
  overseerr: OverseerrClient;
  updates: RequestUpdates;
  audit: AuditService;
  logger: Logger;
}

/** The admins' request queue: everyone's requests, approved or declined through Overseerr. */
export class AdminRequestsService {
  constructor(private readonly d: AdminRequestsDeps) {}

  async list(query: QueueQuery): Promise<List<QueueItem>> {
    const { rows, total } = await this.d.repository.queue({ status: query.status, userId: query.userId, mediaType: query.mediaType, sort: query.sort, ...skipTake(query) });
    return toList(rows.map((r) => ({ ...toMediaRequestResponse(r), user: r.user })), total, query);
  }

  /**
   * Approves or declines a pending request in Overseerr, then applies Overseerr's answer the
   * way every status change is applied (history, `request:updated` to the requester, a
   * notification), and audits it. The call uses MediaNest's API key, which acts as Overseerr's
   * owner (always allowed to manage requests); the audit log records which admin did it.
   */
  async decide(admin: Pick<User, 'id' | 'username'>, id: string, action: 'approve' | 'decline', ip?: string): Promise<QueueItem> {
    const row = await this.d.repository.findWithUser(id);
    if (!row) throw new NotFoundError('No such request.');
    if (row.status !== 'pending') throw new ConflictError('Only a pending request can be approved or declined.', 'NOT_PENDING');
    if (row.overseerrRequestId === null) throw new ConflictError('This request is not linked to an Overseerr request.');
    let answer;
    try {
      answer = await this.d.overseerr.setRequestStatus(row.overseerrRequestId, action);
    } catch (err) {
      // UPSTREAMS G5: any failure there, an unknown id included, is a 404.
      if (err instanceof OverseerrHttpError && err.upstreamStatus === 404) throw new ConflictError('Overseerr no longer has this request; it may have been deleted there.');
      throw err;
    }
    const next = mapOverseerrStatus(answer.status, answer.media?.status);
    const updated: MediaRequest = (await this.d.updates.apply(row, next, 'admin')) ?? row;
    await this.d.audit.record({
      actorId: admin.id,
      action: action === 'approve' ? 'admin.request_approved' : 'admin.request_declined',
      targetType: 'media_request',
      targetId: row.id,
      details: { title: row.title, requester: row.user.username, overseerrRequestId: row.overseerrRequestId },
      ip,
    });
    this.d.logger.info('media request decided by an admin', { requestId: row.id, action, by: admin.id });
    return { ...toMediaRequestResponse(updated), user: row.user };
  }
}
