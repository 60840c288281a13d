import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import type { DigestService } from './digest.service';

const digestSchema = z.object({
  since: z.string(),
  until: z.string(),
  added: z.array(z.object({ title: z.string(), type: z.string(), link: z.string() })),
  available: z.array(z.object({ title: z.string(), link: z.string() })),
  following: z.array(z.object({ title: z.string(), mediaType: z.enum(['movie', 'tv']), tmdbId: z.number().int(), status: z.string() })),
});

export function digestRoutes(api: ApiRegistry, digest: DigestService): Router {
  const router = Router();
  router.get(
    '/',
    ...api.endpoint(
      {
        method: 'get',
        path: '/api/v1/digest',
        summary: 'Your weekly digest as of now: added to the library in 7 days, your requests that became available, the titles you follow',
        tags: ['Follows'],
        access: 'user',
        responses: { 200: { description: 'The digest', schema: digestSchema } },
      },
      async ({ res }) => {
        res.json(await digest.build(authOf(res).user.id));
      },
    ),
  );
  return router;
}
