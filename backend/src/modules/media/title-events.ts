import type { Logger } from '../../logging/logger';

export interface TitleAvailableEvent {
  tmdbId: number;
  mediaType: 'movie' | 'tv';
  title?: string;
}

export type TitleAvailableListener = (event: TitleAvailableEvent) => Promise<unknown>;

/**
 * "This title is now available", from wherever MediaNest learns it (a request
 * reaching `available`, Overseerr's MEDIA_AVAILABLE webhook). Listeners (the
 * follows module) run after the change is stored; their failures are logged
 * and never undo or fail what reported the event.
 */
export class TitleEvents {
  constructor(
    private readonly logger: Logger,
    private readonly listeners: readonly TitleAvailableListener[] = [],
  ) {}

  async available(event: TitleAvailableEvent): Promise<void> {
    for (const listener of this.listeners) {
      await listener(event).catch((err: unknown) => this.logger.warn('title available listener failed', { tmdbId: event.tmdbId, reason: (err as Error).message }));
    }
  }
}
