import { z } from 'zod';

/**
 * Overseerr's default webhook template (docs/UPSTREAMS.md D): every templated value is
 * a string ("603"), missing values are "", and `media`/`request` are null when
 * the event has none (TEST_NOTIFICATION). Numbers are accepted too, for
 * admins who edited the template. Unknown fields are kept and ignored.
 */
const idLike = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
  });

export const overseerrWebhookSchema = z.looseObject({
  notification_type: z.string().min(1).max(64),
  event: z.string().nullish(),
  subject: z.string().nullish(),
  media: z
    .looseObject({
      media_type: z.string().nullish(),
      tmdbId: idLike,
      status: z.string().nullish(),
      status4k: z.string().nullish(),
    })
    .nullish(),
  request: z.looseObject({ request_id: idLike }).nullish(),
});
export type OverseerrWebhookPayload = z.infer<typeof overseerrWebhookSchema>;
