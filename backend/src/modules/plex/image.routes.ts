import { Router } from 'express';
import type { CounterStore } from '../../cache/counter-store';
import type { ApiRegistry } from '../../http/endpoint';
import { ForbiddenError } from '../../common/errors';
import { createLimiter } from '../../http/rate-limit';
import { IMAGE_ROUTE } from './image-signing';
import { imageQuery } from './plex.schemas';
import type { PlexService } from './plex.service';

/** A poster grid loads dozens of images at once; this is per IP and separate from the API budget. */
export const IMAGE_RATE_LIMIT_PER_MINUTE = 3000;
/** Signed URLs are stable for a day and their bytes never change: let browsers keep them. */
export const IMAGE_CACHE_CONTROL = 'public, max-age=86400, immutable';

/**
 * GET /api/v1/plex/image: the signature is the authorization (an <img> sends
 * no bearer token). Mounted on the app itself, ahead of the API router, so
 * images do not count against RATE_LIMIT_API_PER_MINUTE.
 */
export function imageRoutes(api: ApiRegistry, plex: PlexService, counters: CounterStore): Router {
  const router = Router();
  router.get(
    '/',
    ...api.endpoint(
      {
        method: 'get',
        path: IMAGE_ROUTE,
        summary: 'A library image, resized by Plex, through a signed URL handed out by the API',
        tags: ['Plex library'],
        access: 'public',
        query: imageQuery,
        before: [createLimiter(counters, { name: 'image', limit: IMAGE_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 })],
        responses: {
          200: { description: 'The image bytes (image/*), cacheable for a day' },
          403: { description: 'Missing, altered or expired signature, or a path outside the library' },
          404: { description: 'Plex has no such image' },
          503: { description: 'Plex is not configured or not reachable' },
        },
      },
      async ({ query, res }) => {
        const check = plex.images.verify(query);
        if (!check.ok) throw new ForbiddenError('This image link is not valid or has expired.');
        const image = await plex.image(check.path, check.width, check.height);
        res.setHeader('Content-Type', image.contentType);
        res.setHeader('Cache-Control', IMAGE_CACHE_CONTROL);
        res.send(image.body);
      },
    ),
  );
  return router;
}
