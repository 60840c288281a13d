import { Router } from 'express';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { addDiscoverRoutes } from './discover.routes';
import { discoverResponseSchema } from './discover.schemas';
import type { DiscoverService } from './discover.service';
import type { MediaService } from './media.service';
import {
  createRequestBody,
  listRequestsQuery,
  mediaRequestListSchema,
  mediaRequestSchema,
  mediaRequestWithHistorySchema,
  requestIdParams,
  searchQuery,
} from './media.schemas';

const TAGS = ['Media requests'];
const BASE = '/api/v1/media';
const UNAVAILABLE = { description: 'Overseerr is not configured (NOT_CONFIGURED) or not reachable (SERVICE_UNAVAILABLE, service "overseerr")' };

export function mediaRoutes(api: ApiRegistry, media: MediaService, discover: DiscoverService): Router {
  const router = Router();
  addDiscoverRoutes(router, api, discover);

  router.get(
    '/search',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/search`,
        summary: 'Search movies and series (people are left out), each with its availability and your own request',
        tags: TAGS,
        access: 'user',
        query: searchQuery,
        responses: { 200: { description: 'One page of results, as the cards Discover shows', schema: discoverResponseSchema }, 503: UNAVAILABLE },
      },
      async ({ query, res }) => {
        res.json(await media.search(authOf(res).user, query.q, query.page));
      },
    ),
  );

  router.post(
    '/requests',
    ...api.endpoint(
      {
        method: 'post',
        path: `${BASE}/requests`,
        summary:
          'Request a movie or series (TV seasons default to "all"); made in Overseerr as your own Overseerr user (matched by Plex id or email, imported from Plex when missing), so your Overseerr permissions, quota and auto-approval apply. Never made as the API key\u2019s user, except for the bootstrap admin without a Plex account. The hourly limit is reserved before the work and given back when no request is created',
        tags: TAGS,
        access: 'user',
        body: createRequestBody,
        responses: {
          201: { description: 'Requested, or linked to an Overseerr request someone else already made', schema: mediaRequestSchema },
          403: {
            description:
              'Overseerr quota used up (QUOTA_EXCEEDED), Overseerr does not allow this request, or you have no Overseerr user and none could be imported from Plex ("ask the admin to give you access in Overseerr") (FORBIDDEN)',
          },
          404: { description: 'No such TMDB title' },
          409: { description: 'You already have an open request for it, or it is available (DUPLICATE_REQUEST)' },
          429: { description: 'RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR reached (Retry-After)' },
          503: UNAVAILABLE,
        },
      },
      async ({ body, res }) => {
        res.status(201).json(await media.create(authOf(res).user, body));
      },
    ),
  );

  router.get(
    '/requests',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/requests`,
        summary: 'Your requests, newest first; admins may pass scope=all for everyone\u2019s (others get 403)',
        tags: TAGS,
        access: 'user',
        query: listRequestsQuery,
        responses: { 200: { description: 'A page of requests', schema: mediaRequestListSchema }, 403: { description: 'scope=all without the admin role' } },
      },
      async ({ query, res }) => {
        res.json(await media.list(authOf(res).user, query));
      },
    ),
  );

  router.get(
    '/requests/:id',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/requests/{id}`,
        summary: 'One request with its status history (your own; admins any)',
        tags: TAGS,
        access: 'user',
        params: requestIdParams,
        responses: { 200: { description: 'The request', schema: mediaRequestWithHistorySchema }, 404: { description: 'No such request of yours' } },
      },
      async ({ params, res }) => {
        res.json(await media.get(authOf(res).user, params.id));
      },
    ),
  );

  router.delete(
    '/requests/:id',
    ...api.endpoint(
      {
        method: 'delete',
        path: `${BASE}/requests/{id}`,
        summary:
          'Cancel a pending request (your own; admins any). The Overseerr request is deleted too only when its owner\u2019s own Overseerr user made it; otherwise only this link is removed',
        tags: TAGS,
        access: 'user',
        params: requestIdParams,
        responses: {
          204: { description: 'Cancelled' },
          404: { description: 'No such request of yours' },
          409: { description: 'The request is no longer pending (NOT_PENDING)' },
          503: UNAVAILABLE,
        },
      },
      async ({ params, res }) => {
        await media.cancel(authOf(res).user, params.id);
        res.status(204).end();
      },
    ),
  );

  return router;
}
