import type { MediaRequest, RequestStatus } from '@prisma/client';
import type { Logger } from '../../logging/logger';
import type { Realtime } from '../../realtime/realtime';
import type { NotificationService } from '../notifications/notification.service';
import type { MediaRepository } from './media.repository';
import { toMediaRequestResponse } from './media.presenter';
import { notificationText, shouldTransition, type UpdateSource } from './request-status';
import type { TitleEvents } from './title-events';

export interface RequestUpdatesDeps {
  repository: MediaRepository;
  realtime: Realtime;
  notifications: NotificationService;
  logger: Logger;
  clock: () => number;
  titleEvents: TitleEvents;
}

/**
 * The one path every status change of a media request takes, whether it comes
 * from the Overseerr webhook or the reconciliation poll: the transition rules
 * decide, the row and its history change together, then the owner (and admins)
 * get `request:updated` and the owner a stored, live notification.
 */
export class RequestUpdates {
  constructor(private readonly d: RequestUpdatesDeps) {}

  /** The updated row, or undefined when nothing changed (a repeat, a stale update, a concurrent winner). */
  async apply(row: MediaRequest, next: RequestStatus, source: UpdateSource): Promise<MediaRequest | undefined> {
    let current: MediaRequest | null = row;
    let updated: MediaRequest | undefined;
    // When a concurrent update moved the row first, judge the change again against its new status.
    for (let attempt = 0; attempt < 3 && current && !updated; attempt++) {
      if (!shouldTransition(current.status, next, source)) return undefined;
      updated = await this.d.repository.transition(current.id, current.status, next, source, new Date(this.d.clock()));
      if (!updated) current = await this.d.repository.findById(row.id);
    }
    if (!updated) return undefined;
    this.d.logger.info('media request status changed', { requestId: row.id, to: next, source });
    this.d.realtime.emitToUserAndAdmins(updated.userId, 'request:updated', toMediaRequestResponse(updated));
    const text = notificationText(next, updated.title);
    await this.d.notifications.notify(updated.userId, { type: `request.${next}`, ...text, data: { requestId: updated.id } });
    if (next === 'available') await this.d.titleEvents.available({ tmdbId: updated.tmdbId, mediaType: updated.mediaType, title: updated.title });
    return updated;
  }
}
