/**
 * 400 answers in the shape express-openapi-validator v4 (ajv 6) produces for Overseerr
 * (docs/UPSTREAMS.md C "Request validation": `{message, errors[]}`). The exact wording follows ajv 6
 * ("should ...") and the dotted paths of EOV v4; it is UNVERIFIED against a live server.
 */
import { type FakeResponse, json } from './fake-server';

type Rule = 'required' | 'enum' | 'type';

export function validationError(location: 'body' | 'query', field: string, rule: Rule, detail?: string[] | string): FakeResponse {
  const message =
    rule === 'required' ? `should have required property '${field}'`
    : rule === 'enum' ? `should be equal to one of the allowed values: ${(detail as string[]).join(', ')}`
    : `should be ${String(detail)}`;
  return json(400, {
    message: `request.${location}${rule === 'required' ? '' : `.${field}`} ${message}`,
    errors: [{ path: `.${location}.${field}`, message, errorCode: `${rule}.openapi.validation` }],
  });
}

/** POST /request body (overseerr-api.yml): mediaType and mediaId required. */
export function validateRequestBody(body: unknown): FakeResponse | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return validationError('body', 'mediaType', 'required');
  const b = body as Record<string, unknown>;
  if (b.mediaType === undefined) return validationError('body', 'mediaType', 'required');
  if (b.mediaId === undefined) return validationError('body', 'mediaId', 'required');
  if (b.mediaType !== 'movie' && b.mediaType !== 'tv') return validationError('body', 'mediaType', 'enum', ['movie', 'tv']);
  if (typeof b.mediaId !== 'number') return validationError('body', 'mediaId', 'type', 'number');
  if (b.is4k !== undefined && typeof b.is4k !== 'boolean') return validationError('body', 'is4k', 'type', 'boolean');
  if (b.userId !== undefined && b.userId !== null && typeof b.userId !== 'number') return validationError('body', 'userId', 'type', 'number');
  const seasons = b.seasons;
  if (seasons !== undefined && seasons !== 'all' && !(Array.isArray(seasons) && seasons.every((s) => typeof s === 'number'))) {
    return validationError('body', 'seasons', 'type', 'array');
  }
  return undefined;
}
