import type { Router } from 'express';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { discoverParams, discoverQuery, discoverResponseSchema, quotaResponseSchema, titleDetailsSchema, titleParams } from './discover.schemas';
import type { DiscoverService } from './discover.service';

const TAGS = ['Discover'];
const BASE = '/api/v1/media';
const UNAVAILABLE = { description: 'Overseerr is not configured (NOT_CONFIGURED) or not reachable (SERVICE_UNAVAILABLE, service "overseerr")' };

/** Discover rows, title pages and quotas, added to the media router. */
export function addDiscoverRoutes(router: Router, api: ApiRegistry, discover: DiscoverService): void {
  router.get(
    '/discover/:row',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/discover/{row}`,
        summary: 'A Discover row (trending, popular-movies, popular-tv, upcoming-movies, upcoming-tv), 20 titles a page, each with its state for you',
        tags: TAGS,
        access: 'user',
        params: discoverParams,
        query: discoverQuery,
        responses: { 200: { description: 'One page of the row', schema: discoverResponseSchema }, 503: UNAVAILABLE },
      },
      async ({ params, query, res }) => {
        res.json(await discover.row(authOf(res).user, params.row, query.page));
      },
    ),
  );

  for (const mediaType of ['movie', 'tv'] as const) {
    router.get(
      `/${mediaType}/:tmdbId`,
      ...api.endpoint(
        {
          method: 'get',
          path: `${BASE}/${mediaType}/{tmdbId}`,
          summary: `A ${mediaType === 'movie' ? 'movie' : 'show'}'s title page: details, cast, trailer, ${mediaType === 'tv' ? 'regular seasons with their state, ' : ''}what you can request, and where to watch it`,
          tags: TAGS,
          access: 'user',
          params: titleParams,
          responses: { 200: { description: 'The title', schema: titleDetailsSchema }, 404: { description: 'No such TMDB title' }, 503: UNAVAILABLE },
        },
        async ({ params, res }) => {
          res.json(await discover.title(authOf(res).user, mediaType, params.tmdbId));
        },
      ),
    );
  }

  router.get(
    '/quota',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/quota`,
        summary: 'Your Overseerr request quota (null without a matching Overseerr user) and the hourly request limit',
        tags: TAGS,
        access: 'user',
        responses: { 200: { description: 'Quota and hourly limit', schema: quotaResponseSchema }, 503: UNAVAILABLE },
      },
      async ({ res }) => {
        res.json(await discover.quota(authOf(res).user));
      },
    ),
  );
}
