import type { MediaRequest, RequestStatus } from '@prisma/client';
import type { CacheStore } from '../../cache/cache-store';
import { MediaStatusCode, RequestStatusCode } from '../../integrations/overseerr/overseerr.schemas';
import type { Logger } from '../../logging/logger';
import { safeEqual } from '../../security/encryption';
import type { MediaRepository } from '../media/media.repository';
import { mapOverseerrStatus, mediaStatusFromName } from '../media/request-status';
import type { RequestUpdates } from '../media/request-updates';
import type { TitleEvents } from '../media/title-events';
import type { SettingsService } from '../settings/settings.service';
import type { OverseerrWebhookPayload } from './overseerr-webhook.schemas';

/** The Overseerr request status each media notification stands for. MEDIA_AVAILABLE is about the media. */
const REQUEST_STATUS_OF: Record<string, number> = {
  MEDIA_PENDING: RequestStatusCode.PENDING,
  MEDIA_APPROVED: RequestStatusCode.APPROVED,
  MEDIA_AUTO_APPROVED: RequestStatusCode.APPROVED,
  MEDIA_DECLINED: RequestStatusCode.DECLINED,
  MEDIA_FAILED: RequestStatusCode.FAILED,
  MEDIA_AVAILABLE: RequestStatusCode.APPROVED,
};

export interface WebhookOutcome {
  matched: number;
  changed: number;
}

const LAST_TEST_KEY = 'webhook:overseerr:last-test';

export interface OverseerrWebhookDeps {
  settings: SettingsService;
  repository: MediaRepository;
  updates: RequestUpdates;
  logger: Logger;
  titleEvents: TitleEvents;
  /** Remembers when Overseerr's test webhook last arrived (the setup checklist waits for it). */
  cache: CacheStore;
  clock: () => number;
}

/**
 * Receives Overseerr's webhook: checks the shared secret, maps the event to a
 * request status and applies it to the matching local requests through the
 * one status-change path. No upstream call is made here, so it answers fast.
 */
export class OverseerrWebhookService {
  constructor(private readonly d: OverseerrWebhookDeps) {}

  /** When the last authorised TEST_NOTIFICATION arrived, as ISO time; null when none (in the last 30 days). */
  async lastTestAt(): Promise<string | null> {
    return (await this.d.cache.get<string>(LAST_TEST_KEY)) ?? null;
  }

  /** Constant-time check of the `Authorization` header; with no secret configured nothing is accepted. */
  async authorized(header: string | undefined): Promise<boolean> {
    const secret = (await this.d.settings.get()).overseerr.webhookSecret;
    if (!secret || header === undefined) return false;
    return safeEqual(header, secret);
  }

  async handle(payload: OverseerrWebhookPayload): Promise<WebhookOutcome> {
    const type = payload.notification_type;
    if (type === 'TEST_NOTIFICATION') {
      this.d.logger.info('overseerr test webhook received');
      await this.d.cache.set(LAST_TEST_KEY, new Date(this.d.clock()).toISOString(), 30 * 86_400);
      return { matched: 0, changed: 0 };
    }
    const requestStatus = REQUEST_STATUS_OF[type];
    // Issues, comments and anything newer carry no request status.
    if (requestStatus === undefined) return { matched: 0, changed: 0 };

    const is4k = isFourK(payload.event);
    const mediaStatus = mediaStatusFromName(is4k ? payload.media?.status4k : payload.media?.status);
    const { rows, linked } = await this.matching(payload, type, is4k);
    const next = statusFor(type, requestStatus, mediaStatus, linked);
    let changed = 0;
    for (const row of rows) if (await this.d.updates.apply(row, next, 'webhook')) changed += 1;
    // Followers of the title are told too, requested or not (a title can be followed without a request).
    const media = payload.media;
    if (type === 'MEDIA_AVAILABLE' && !is4k && next === 'available' && media?.tmdbId && (media.media_type === 'movie' || media.media_type === 'tv')) {
      await this.d.titleEvents.available({ tmdbId: media.tmdbId, mediaType: media.media_type, title: payload.subject?.replace(/\s+\(\d{4}\)$/, '') || undefined });
    }
    this.d.logger.debug('overseerr webhook handled', { type, matched: rows.length, changed });
    return { matched: rows.length, changed };
  }

  /**
   * Local requests linked to the event's Overseerr request; when none is, the
   * open local requests for the title. That fallback takes only media events
   * (MEDIA_AVAILABLE: the title is there for everyone who asked for it) or
   * payloads naming no request: one user's request being declined says nothing
   * about another's. 4K events never fall back (MediaNest requests non-4K).
   */
  private async matching(payload: OverseerrWebhookPayload, type: string, is4k: boolean): Promise<{ rows: MediaRequest[]; linked: boolean }> {
    const overseerrId = payload.request?.request_id;
    if (overseerrId !== undefined) {
      const linked = await this.d.repository.findByOverseerrId(overseerrId);
      if (linked.length > 0) return { rows: linked, linked: true };
    }
    const media = payload.media;
    const mediaType = media?.media_type === 'movie' || media?.media_type === 'tv' ? media.media_type : undefined;
    if (is4k || !media?.tmdbId || !mediaType) return { rows: [], linked: false };
    if (overseerrId !== undefined && type !== 'MEDIA_AVAILABLE') return { rows: [], linked: false };
    return { rows: await this.d.repository.findOpenByTitle(media.tmdbId, mediaType), linked: false };
  }
}

/**
 * Whether the event is about a 4K request. Every media event starts with "4K "
 * then, except MEDIA_PENDING, whose text is "New 4K Movie Request"
 * (docs/UPSTREAMS.md D).
 */
export function isFourK(event: string | null | undefined): boolean {
  return /(^|\s)4K\s/.test(event ?? '');
}

function statusFor(type: string, requestStatus: number, mediaStatus: number | undefined, linked: boolean): RequestStatus {
  if (type !== 'MEDIA_AVAILABLE') return mapOverseerrStatus(requestStatus, mediaStatus);
  // Overseerr sends MEDIA_AVAILABLE for a request once all of *its* seasons are in, while the show may stay
  // partially available (specials, later seasons): for the linked request that means available.
  if (linked) return 'available';
  // Other requests for the title only learn about the title as a whole.
  return mediaStatus === MediaStatusCode.PARTIALLY_AVAILABLE ? 'partially_available' : 'available';
}
