import type { MediaRequest, RequestStatus } from '@prisma/client';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { NotificationService } from '../notifications/notification.service';
import type { MediaRepository } from './media.repository';
import { toMediaRequestResponse } from './media.presenter';
import { notificationText, shouldTransition, type UpdateSource } from './request-status';
import type { TitleEvents } from './title-events';

/**
 * The one path every status change of a media request takes, whether it comes
 * from the Overseerr webhook or the reconciliation poll: the transition rules
 * decide, the row and its history change together, then the owner (and admins)
 * get `request:updated` and the owner a stored, live notification.
 */
export class RequestUpdates {
  constructor(
    private readonly repository: MediaRepository,
    private readonly realtime: Realtime,
    private readonly notifications: NotificationService,
    private readonly logger: Logger,
    private readonly clock: () => number,
    private readonly titleEvents?: TitleEvents,
  ) {}

  /** The updated row, or undefined when nothing changed (a repeat, a stale update, a concurrent winner). */
  async apply(row: MediaRequest, next: RequestStatus, source: UpdateSource): Promise<MediaRequest | undefined> {
    let current: MediaRequest | null = row;
    let updated: MediaRequest | undefined;
    // When a concurrent update moved the row first, judge the change again against its new status.
    for (let attempt = 0; attempt < 3 && current && !updated; attempt++) {
      if (!shouldTransition(current.status, next, source)) return undefined;
      updated = await this.repository.transition(current.id, current.status, next, source, new Date(this.clock()));
      if (!updated) current = await this.repository.findById(row.id);
    }
    if (!updated) return undefined;
    this.logger.info('media request status changed', { requestId: row.id, to: next, source });
    this.realtime.emitToUserAndAdmins(updated.userId, 'request:updated', toMediaRequestResponse(updated));
    const text = notificationText(next, updated.title);
    await this.notifications.notify(updated.userId, { type: `request.${next}`, ...text, data: { requestId: updated.id } });
    if (next === 'available') await this.titleEvents?.available({ tmdbId: updated.tmdbId, mediaType: updated.mediaType, title: updated.title });
    return updated;
  }
}
