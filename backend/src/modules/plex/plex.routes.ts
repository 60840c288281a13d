import { Router, type Response } from 'express';
import { sendSerializedJson, type ApiRegistry } from '../../http/endpoint';
import { PlexPresenter } from './plex.presenter';
import {
  collectionSchema,
  collectionsQuery,
  itemIdParams,
  itemsSchema,
  libraryIdParams,
  libraryItemsQuery,
  librarySchema,
  mediaItemDetailSchema,
  mediaItemSchema,
  mediaListSchema,
  recentlyAddedQuery,
  searchQuery,
} from './plex.schemas';
import { pageQuery } from '../../http/pagination';
import type { PlexService } from './plex.service';
import { authOf, type AuthContext } from '../../http/authenticate';
import type { LibraryView } from '../shares/library-view';

/** Resolves what the request's user may see (their Plex share). */
export interface ViewResolver {
  viewFor(user: AuthContext['user']): Promise<LibraryView>;
}

const BASE = '/api/v1/plex';
const TAGS = ['Plex library'];
/** Every Plex route can answer these besides its own 200. */
const UPSTREAM_ERRORS = {
  503: { description: 'NOT_CONFIGURED without a Plex server; SERVICE_UNAVAILABLE (service "plex") when Plex does not answer in time' },
} as const;

/** Browsing the configured Plex server, for any signed-in user (mounted at /api/v1/plex). */
export function plexRoutes(api: ApiRegistry, plex: PlexService, views: ViewResolver): Router {
  const router = Router();
  const viewOf = (res: Response) => views.viewFor(authOf(res).user);
  const present = new PlexPresenter(plex.images);

  router.get(
    '/libraries',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/libraries`,
        summary: 'Libraries of the Plex server (movie, show, artist and photo sections)',
        tags: TAGS,
        access: 'user',
        responses: { 200: { description: 'The libraries', schema: itemsSchema(librarySchema) }, ...UPSTREAM_ERRORS },
      },
      async ({ res }) => {
        res.json({ items: await plex.libraries(await viewOf(res)) });
      },
    ),
  );

  router.get(
    '/libraries/:id/items',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/libraries/{id}/items`,
        summary: 'A page of a library, sorted by title (default), addedAt (newest first) or year (newest first)',
        tags: TAGS,
        access: 'user',
        params: libraryIdParams,
        query: libraryItemsQuery,
        responses: { 200: { description: 'A page of items', schema: mediaListSchema }, 404: { description: 'No such library' }, ...UPSTREAM_ERRORS },
      },
      async ({ params, query, res }) => {
        const { body, serialized } = present.mediaPageSerialized(await plex.libraryItems(await viewOf(res), params.id, query.sort, query), query);
        sendSerializedJson(res, body, serialized);
      },
    ),
  );

  router.get(
    '/items/:id',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/items/{id}`,
        summary: 'One item with its summary and children (seasons of a show, episodes of a season)',
        tags: TAGS,
        access: 'user',
        params: itemIdParams,
        responses: { 200: { description: 'The item', schema: mediaItemDetailSchema }, 404: { description: 'No such item' }, ...UPSTREAM_ERRORS },
      },
      async ({ params, res }) => {
        res.json(present.mediaItemDetail(await plex.item(await viewOf(res), params.id)));
      },
    ),
  );

  router.get(
    '/collections',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/collections`,
        summary: 'Collections of one library, or of all libraries without libraryId',
        tags: TAGS,
        access: 'user',
        query: collectionsQuery,
        responses: { 200: { description: 'The collections', schema: itemsSchema(collectionSchema) }, 404: { description: 'No such library' }, ...UPSTREAM_ERRORS },
      },
      async ({ query, res }) => {
        res.json({ items: (await plex.collections(await viewOf(res), query.libraryId)).map((c) => present.collection(c)) });
      },
    ),
  );

  router.get(
    '/collections/:id/items',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/collections/{id}/items`,
        summary: 'A page of the items in a collection',
        tags: TAGS,
        access: 'user',
        params: itemIdParams,
        query: pageQuery,
        responses: { 200: { description: 'A page of items', schema: mediaListSchema }, 404: { description: 'No such collection' }, ...UPSTREAM_ERRORS },
      },
      async ({ params, query, res }) => {
        res.json(present.mediaPage(await plex.collectionItems(await viewOf(res), params.id, query), query));
      },
    ),
  );

  router.get(
    '/search',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/search`,
        summary: 'Search every library (movies, shows, seasons, episodes, music), best matches first',
        tags: TAGS,
        access: 'user',
        query: searchQuery,
        responses: { 200: { description: 'Matching items (at most 50)', schema: itemsSchema(mediaItemSchema) }, ...UPSTREAM_ERRORS },
      },
      async ({ query, res }) => {
        res.json({ items: (await plex.search(await viewOf(res), query.q)).map((m) => present.mediaItem(m)) });
      },
    ),
  );

  router.get(
    '/recently-added',
    ...api.endpoint(
      {
        method: 'get',
        path: `${BASE}/recently-added`,
        summary: 'Latest additions across all libraries, newest first (limit 1..50, default 20)',
        tags: TAGS,
        access: 'user',
        query: recentlyAddedQuery,
        responses: { 200: { description: 'Recently added items', schema: itemsSchema(mediaItemSchema) }, ...UPSTREAM_ERRORS },
      },
      async ({ query, res }) => {
        res.json({ items: (await plex.recentlyAdded(await viewOf(res), query.limit)).map((m) => present.mediaItem(m)) });
      },
    ),
  );

  return router;
}
