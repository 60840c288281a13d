import { Router } from 'express';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import type { DigestService } from './digest.service';
import { digestSchema } from './follows.schemas';


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
