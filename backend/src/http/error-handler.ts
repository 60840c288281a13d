import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../db/db-errors';
import type { Logger } from '../logging/logger';
import { AppError, ServiceUnavailableError } from '../common/errors';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown[]; requestId: string; service?: string };
}

export function sendError(res: Response, err: AppError): void {
  const requestId = String(res.locals.requestId ?? '');
  const body: ErrorBody = { error: { code: err.code, message: err.message, requestId } };
  if (err.extra.details && err.extra.details.length > 0) body.error.details = err.extra.details;
  if (err.extra.service) body.error.service = err.extra.service;
  if (err.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(err.extra.retryAfterSeconds));
  res.status(err.status).json(body);
}

/** Turns zod issues into the contract's `details`. */
export function zodDetails(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Body-parser and other Express errors carry `status`/`type`; map them to contract codes. */
function fromHttpError(err: { status?: number; statusCode?: number; type?: string; expose?: boolean }): AppError | undefined {
  const status = err.status ?? err.statusCode;
  if (!status || status < 400 || status >= 500) return undefined;
  if (err.type === 'entity.too.large' || status === 413) return new AppError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (err.type === 'entity.parse.failed') return new AppError(400, 'VALIDATION_ERROR', 'The request body is not valid JSON.');
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported' || status === 415) {
    return new AppError(415, 'VALIDATION_ERROR', 'Unsupported content encoding.');
  }
  return new AppError(status, status === 404 ? 'NOT_FOUND' : 'VALIDATION_ERROR', 'The request is not valid.');
}

export function notFoundHandler(): RequestHandler {
  return (_req, res) => {
    sendError(res, new AppError(404, 'NOT_FOUND', 'No such route.'));
  };
}

/** One place renders every error; unknown errors become a 500 without internals. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    if (err instanceof AppError) {
      if (err.status >= 500) logger.warn('request failed', { requestId: res.locals.requestId, code: err.code, service: err.extra.service });
      sendError(res, err);
      return;
    }
    if (err instanceof z.ZodError) {
      sendError(res, new AppError(400, 'VALIDATION_ERROR', 'The request is not valid.', { details: zodDetails(err) }));
      return;
    }
    const httpError = typeof err === 'object' && err !== null ? fromHttpError(err as never) : undefined;
    if (httpError) {
      sendError(res, httpError);
      return;
    }
    // An outage is not a bug: the client may retry, and a load balancer may try another instance.
    if (isDatabaseUnavailable(err)) {
      logger.warn('request failed: database unavailable', { requestId: res.locals.requestId, method: req.method, path: req.path, reason: String((err as Error).message).trim().split('\n').pop() });
      sendError(res, new ServiceUnavailableError('database', 'The database is not reachable right now; try again in a moment.'));
      return;
    }
    logger.error('unhandled error', { requestId: res.locals.requestId, method: req.method, path: req.path, err });
    sendError(res, new AppError(500, 'INTERNAL_ERROR', 'Something went wrong on our side; try again, and tell an admin if it keeps happening.'));
  };
}
