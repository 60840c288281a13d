import { Router } from 'express';
import { z } from 'zod';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { NotFoundError } from '../../common/errors';
import { listSchema, pageQuery, skipTake, toList } from '../../http/pagination';
import type { FollowsService } from './follows.service';

export const followSchema = z.object({
  tmdbId: z.number().int(),
  mediaType: z.enum(['movie', 'tv']),
  title: z.string().nullable(),
  source: z.string().describe('manual, or request when following came with a request'),
  createdAt: z.string(),
  availableNotifiedAt: z.string().nullable(),
});
const followListItemSchema = followSchema.extend({
  posterUrl: z.string().nullable().describe('From a request for the title, when there is one'),
  state: z
    .enum(['pending', 'approved', 'processing', 'partially_available', 'available', 'declined', 'failed', 'deleted', 'not_requested'])
    .describe('available once it is on the server (or followers were told); else your request\u2019s status, else another person\u2019s open request; else not_requested'),
});
const titleParams = z.object({
  mediaType: z.enum(['movie', 'tv']),
  tmdbId: z.coerce.number().int().min(1).max(2_147_483_647),
});
const followBody = z.object({ title: z.string().trim().min(1).max(300).optional() }).strict();

export function followRoutes(api: ApiRegistry, follows: FollowsService): Router {
  const router = Router();
  const base = '/api/v1/follows';
  router.get(
    '/',
    ...api.endpoint(
      {
        method: 'get',
        path: base,
        summary: 'The titles you follow, newest first',
        tags: ['Follows'],
        access: 'user',
        query: pageQuery,
        responses: { 200: { description: 'A page of followed titles', schema: listSchema(followListItemSchema) } },
      },
      async ({ query, res }) => {
        const { items, total } = await follows.list(authOf(res).user.id, skipTake(query).skip, skipTake(query).take);
        res.json(toList(items, total, query));
      },
    ),
  );
  router.get(
    '/:mediaType/:tmdbId',
    ...api.endpoint(
      {
        method: 'get',
        path: `${base}/{mediaType}/{tmdbId}`,
        summary: 'Whether you follow a title',
        tags: ['Follows'],
        access: 'user',
        params: titleParams,
        responses: { 200: { description: 'You follow it', schema: followSchema }, 404: { description: 'You do not follow it' } },
      },
      async ({ params, res }) => {
        const found = await follows.get(authOf(res).user.id, params.tmdbId, params.mediaType);
        if (!found) throw new NotFoundError('You do not follow this title.');
        res.json(found);
      },
    ),
  );
  router.put(
    '/:mediaType/:tmdbId',
    ...api.endpoint(
      {
        method: 'put',
        path: `${base}/{mediaType}/{tmdbId}`,
        summary: 'Follow a title: be told once when it is available (and about new episodes of a show)',
        tags: ['Follows'],
        access: 'user',
        params: titleParams,
        body: followBody,
        responses: { 200: { description: 'Already followed', schema: followSchema }, 201: { description: 'Now followed', schema: followSchema } },
      },
      async ({ params, body, res }) => {
        const { follow, created } = await follows.follow(authOf(res).user.id, params.tmdbId, params.mediaType, body.title);
        res.status(created ? 201 : 200).json(follow);
      },
    ),
  );
  router.delete(
    '/:mediaType/:tmdbId',
    ...api.endpoint(
      {
        method: 'delete',
        path: `${base}/{mediaType}/{tmdbId}`,
        summary: 'Stop following a title',
        tags: ['Follows'],
        access: 'user',
        params: titleParams,
        responses: { 204: { description: 'No longer followed' }, 404: { description: 'You did not follow it' } },
      },
      async ({ params, res }) => {
        if (!(await follows.unfollow(authOf(res).user.id, params.tmdbId, params.mediaType))) throw new NotFoundError('You do not follow this title.');
        res.status(204).end();
      },
    ),
  );
  return router;
}
