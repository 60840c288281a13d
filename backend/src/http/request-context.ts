import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logging/logger';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echoes a sane client X-Request-Id or makes one; every response carries it. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && SANE_ID.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}

/** One structured line per request (no query strings: they may carry signatures). */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    // Winston formats a line before its transports drop it by level: skip the work when nobody would write it.
    if (!logger.isLevelEnabled('http')) {
      next();
      return;
    }
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      logger.http('request', {
        requestId: res.locals.requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        userId: (res.locals.auth as { user?: { id: string } } | undefined)?.user?.id,
        ip: req.ip,
      });
    });
    next();
  };
}
