import crypto from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { AccessLevel, AuthenticateOptions, SessionVerifier } from './authenticate';
import { ERROR_CODES, ValidationError } from '../common/errors';
import { notedRoute } from '../common/metrics';
import { zodDetails } from './error-handler';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface EndpointSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** OpenAPI path, e.g. `/api/v1/media/requests/{id}`. */
  path: string;
  summary: string;
  tags: string[];
  /** `public` needs no token; `user`/`admin` need a live session with that role. */
  access: 'public' | AccessLevel;
  authOptions?: AuthenticateOptions;
  body?: B;
  query?: Q;
  params?: P;
  /** Status → description and optional body schema. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Extra middleware run before validation (rate limiters, origin checks). */
  before?: RequestHandler[];
}

export interface EndpointInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  req: Request;
  res: Response;
}

type Handler<B, Q, P> = (input: EndpointInput<B, Q, P>) => Promise<void> | void;

/**
 * Every route is declared once: its guard, its zod schemas (which validate the
 * request) and its responses (which document it). The OpenAPI document is
 * generated from the same declarations, so it cannot drift from the code.
 */
export interface ApiRegistryOptions {
  /**
   * Check every JSON answer against the schema its route declares for that
   * status (and error answers against the contract's error shape); an answer
   * that does not match becomes a 500 RESPONSE_CONTRACT_VIOLATION naming the
   * mismatch. The test suite turns this on, so the OpenAPI document cannot
   * drift from what the server sends; production leaves it off (no cost).
   */
  validateResponses?: boolean;
}

const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().min(1),
    details: z.array(z.unknown()).optional(),
    requestId: z.string(),
    service: z.string().optional(),
  }).strict(),
}).strict();

export class ApiRegistry {
  private readonly specs: Array<EndpointSpec<z.ZodType, z.ZodType, z.ZodType>> = [];

  constructor(
    private readonly sessions: SessionVerifier,
    private readonly options: ApiRegistryOptions = {},
  ) {}

  endpoint<B extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, P extends z.ZodType = z.ZodUnknown>(
    spec: EndpointSpec<B, Q, P>,
    handler: Handler<z.infer<B>, z.infer<Q>, z.infer<P>>,
  ): RequestHandler[] {
    this.specs.push(spec as unknown as EndpointSpec<z.ZodType, z.ZodType, z.ZodType>);
    const chain: RequestHandler[] = [notedRoute, ...(spec.before ?? [])];
    if (spec.access !== 'public') chain.push(this.sessions.guard(spec.access, spec.authOptions));
    chain.push(async (req, res) => {
      if (this.options.validateResponses) {
        checkResponses(spec as unknown as EndpointSpec<z.ZodType, z.ZodType, z.ZodType>, res);
        res.locals[CHECKED] = true;
      }
      const body = parsePart(spec.body, req.body ?? {}, 'body');
      const query = parsePart(spec.query, req.query, 'query');
      const params = parsePart(spec.params, req.params, 'params');
      await handler({ body, query, params, req, res } as EndpointInput<z.infer<B>, z.infer<Q>, z.infer<P>>);
    });
    return chain;
  }

  /** The OpenAPI 3.1 document of every declared endpoint. */
  openApi(info: { title: string; version: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const spec of this.specs) {
      const parameters = [
        ...objectParameters(spec.params, 'path'),
        ...objectParameters(spec.query, 'query'),
      ];
      const responses: Record<string, unknown> = {};
      for (const [status, r] of Object.entries(spec.responses)) {
        responses[status] = r.schema
          ? { description: r.description, content: { 'application/json': { schema: toSchema(r.schema, 'output') } } }
          : { description: r.description };
      }
      responses.default = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      (paths[spec.path] ??= {})[spec.method] = {
        summary: spec.summary,
        tags: spec.tags,
        security: spec.access === 'public' ? [] : [{ bearerAuth: [] }],
        ...(spec.access === 'admin' ? { description: 'Admins only.' } : {}),
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
        responses,
      };
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: {
              error: {
                type: 'object',
                required: ['code', 'message', 'requestId'],
                properties: {
                  code: { type: 'string', enum: [...ERROR_CODES] },
                  message: { type: 'string' },
                  details: { type: 'array', items: {} },
                  requestId: { type: 'string' },
                  service: { type: 'string' },
                },
              },
            },
          },
        },
      },
    };
  }
}

const CHECKED = 'responseChecked';

/** A JSON answer serialized once: its bytes and Express's weak ETag of them. */
export interface SerializedJson {
  bytes: Buffer;
  etag: string;
}

export function serializeJson(body: unknown): SerializedJson {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  // Express's default (weak) ETag: length in hex and the first 27 characters of the SHA-1 in base64.
  const etag = `W/"${bytes.length.toString(16)}-${crypto.createHash('sha1').update(bytes).digest('base64').substring(0, 27)}"`;
  return { bytes, etag };
}

/**
 * Sends `body` as JSON from its already serialized form (hot answers built
 * once and sent many times): the same bytes and headers as `res.json(body)`,
 * conditional requests included. When answers are checked against their
 * schemas (tests), it goes through `res.json` so the check sees it.
 */
export function sendSerializedJson(res: Response, body: unknown, serialized: SerializedJson): void {
  if (res.locals[CHECKED]) {
    res.json(body);
    return;
  }
  if (!res.get('Content-Type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (typeof res.app.get('etag fn') === 'function' && !res.get('ETag')) res.setHeader('ETag', serialized.etag);
  res.send(serialized.bytes);
}

/**
 * For a route whose answer is built from a shared, unchanging object (a report or list reused by
 * every caller until it is replaced): the answer is built and serialized once per object, then
 * the same bytes are sent to everyone (`sendSerializedJson`). One per route: `toBody` is fixed.
 */
export function sendOncePerObject<T extends object>(toBody: (source: T) => unknown = (source) => source): (res: Response, source: T) => void {
  const answers = new WeakMap<T, { body: unknown; serialized: SerializedJson }>();
  return (res, source) => {
    let answer = answers.get(source);
    if (!answer) {
      const body = toBody(source);
      answers.set(source, (answer = { body, serialized: serializeJson(body) }));
    }
    sendSerializedJson(res, answer.body, answer.serialized);
  };
}

/** Wraps `res.json` of one answer so that it must match the route's declared response schema. */
function checkResponses(spec: EndpointSpec<z.ZodType, z.ZodType, z.ZodType>, res: Response): void {
  const send = res.json.bind(res);
  res.json = (payload: unknown) => {
    const status = res.statusCode;
    // An error answer has the contract's error shape unless the route declares its own body for that status (health's 503).
    const schema = spec.responses[status]?.schema ?? (status >= 400 ? errorBodySchema : undefined);
    if (status < 400 && !(status in spec.responses)) return violation(res, send, `${spec.method.toUpperCase()} ${spec.path} answered ${status}, which it does not declare`);
    if (schema) {
      // The declared schema sees what a client parses: the JSON text, not the in-memory objects (Dates become strings).
      const result = schema.safeParse(JSON.parse(JSON.stringify(payload)));
      if (!result.success) {
        return violation(res, send, `${spec.method.toUpperCase()} ${spec.path} ${status}: ${zodDetails(result.error).map((d) => `${d.path || '(root)'}: ${d.message}`).join('; ')}`);
      }
    }
    return send(payload);
  };
}

function violation(res: Response, send: (body: unknown) => Response, message: string): Response {
  res.status(500);
  return send({ error: { code: 'RESPONSE_CONTRACT_VIOLATION', message, requestId: String(res.locals.requestId ?? '') } });
}

function parsePart<T extends z.ZodType | undefined>(schema: T, value: unknown, part: string): unknown {
  const bad = pathToIllFormedText(value, []);
  if (bad) throw new ValidationError(`The request ${part} is not valid.`, [{ path: bad.join('.'), message: 'must be well-formed Unicode text without NUL characters', in: part }]);
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(`The request ${part} is not valid.`, zodDetails(result.error).map((d) => ({ ...d, in: part })));
  }
  return result.data;
}

/** Text PostgreSQL (and every later consumer) can hold: well-formed UTF-16, no NUL. */
export function isAcceptableText(s: string): boolean {
  return s.isWellFormed() && !s.includes('\u0000');
}

/**
 * Where ill-formed text hides in a parsed request part (a string or a key):
 * a NUL character or a lone UTF-16 surrogate. PostgreSQL text cannot hold
 * either, so such input would otherwise surface as a database error (a 500)
 * instead of the caller's mistake (a 400). Checked here, once, for the body,
 * query and path parameters of every route.
 */
export function pathToIllFormedText(value: unknown, path: string[], depth = 0): string[] | undefined {
  if (typeof value === 'string') return isAcceptableText(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  // Deeper than any schema goes: refuse rather than walk an attacker's nesting.
  if (depth > 64) return path;
  for (const [key, child] of Object.entries(value)) {
    if (!isAcceptableText(key)) return [...path, key.toWellFormed().split('\u0000').join('\\0')];
    const found = pathToIllFormedText(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

function objectParameters(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}
