import { Router } from 'express';
import { authOf } from '../../http/authenticate';
import type { ApiRegistry } from '../../http/endpoint';
import { NotFoundError } from '../../common/errors';
import { listSchema, pageQuery, skipTake, toList } from '../../http/pagination';
import { followBody, followListItemSchema, followSchema, titleParams } from './follows.schemas';
import type { FollowsService } from './follows.service';


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
