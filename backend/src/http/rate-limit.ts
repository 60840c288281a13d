import crypto from 'node:crypto';
import type { RequestHandler, Request, Response } from 'express';
import { ipKeyGenerator, rateLimit, type Store, type Options, type ClientRateLimitInfo } from 'express-rate-limit';
import type { CounterStore } from '../cache/counter-store';
import { bearerToken, type TokenSigner } from '../security/tokens';
import { sendError } from './error-handler';
import { RateLimitedError } from '../common/errors';

/** express-rate-limit store over our CounterStore (Redis or in-process, with fallback). */
class CounterStoreAdapter implements Store {
  windowMs = 60_000;
  localKeys = false;

  constructor(
    private readonly counters: CounterStore,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const hit = await this.counters.increment(this.prefix + key, this.windowMs);
    return { totalHits: hit.count, resetTime: new Date(hit.resetAt) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const hit = await this.counters.get(this.prefix + key);
    return hit ? { totalHits: hit.count, resetTime: new Date(hit.resetAt) } : undefined;
  }

  decrement(key: string): Promise<void> {
    return this.counters.decrement(this.prefix + key);
  }

  resetKey(key: string): Promise<void> {
    return this.counters.reset(this.prefix + key);
  }
}

export interface LimiterOptions {
  name: string;
  limit: number;
  windowMs: number;
  /** Defaults to the client IP. */
  key?: (req: Request) => string;
  /** Responses whose hit is given back once sent (e.g. a PIN poll answering "still pending"). */
  uncounted?: (req: Request, res: Response) => boolean;
}

export function clientIpKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? 'unknown');
}

/** A limiter sending the standard RateLimit headers and the contract's 429 with Retry-After. */
export function createLimiter(counters: CounterStore, options: LimiterOptions): RequestHandler {
  // Limiters that count every request (the API's runs on each one) take the direct path below;
  // those that give hits back after the answer keep express-rate-limit's bookkeeping.
  if (!options.uncounted) return countingLimiter(counters, options);
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: options.name,
    store: new CounterStoreAdapter(counters, `${options.name}:`),
    keyGenerator: options.key ?? clientIpKey,
    validate: { keyGeneratorIpFallback: false },
    passOnStoreError: true,
    skipSuccessfulRequests: options.uncounted !== undefined,
    ...(options.uncounted ? { requestWasSuccessful: options.uncounted } : {}),
    handler: (req, res) => {
      const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? (resetTime.getTime() - Date.now()) / 1000 : options.windowMs / 1000;
      sendError(res, new RateLimitedError(seconds));
    },
  });
}

/**
 * express-rate-limit's behaviour for a limiter without give-backs (fixed window, draft-8
 * `RateLimit`/`RateLimit-Policy` headers, `Retry-After` and the contract's 429 past the limit,
 * requests let through when the store fails) without its per-request overhead: one store call,
 * no validations, and the policy's partition key (a SHA-256 of the client key) made once per key.
 */
function countingLimiter(counters: CounterStore, options: LimiterOptions): RequestHandler {
  const keyOf = options.key ?? clientIpKey;
  const prefix = `${options.name}:`;
  const windowSeconds = Math.ceil(options.windowMs / 1000);
  const partitionKeys = new Map<string, string>();
  const partitionKey = (key: string): string => {
    let pk = partitionKeys.get(key);
    if (pk === undefined) {
      pk = Buffer.from(crypto.createHash('sha256').update(key).digest('hex').slice(0, 12)).toString('base64');
      if (partitionKeys.size >= 10_000) partitionKeys.clear();
      partitionKeys.set(key, pk);
    }
    return pk;
  };
  return async (req, res, next) => {
    const key = keyOf(req);
    let hit: { count: number; resetAt: number };
    try {
      hit = await counters.increment(prefix + key, options.windowMs);
    } catch {
      next();
      return;
    }
    const resetTime = new Date(hit.resetAt);
    const remaining = Math.max(options.limit - hit.count, 0);
    (req as Request & { rateLimit?: unknown }).rateLimit = { limit: options.limit, used: hit.count, remaining, resetTime, key };
    const resetSeconds = Math.max(0, Math.ceil((hit.resetAt - Date.now()) / 1000));
    if (!res.headersSent) {
      res.append('RateLimit', `"${options.name}"; r=${remaining}; t=${resetSeconds}`);
      res.append('RateLimit-Policy', `"${options.name}"; q=${options.limit}; w=${windowSeconds}; pk=:${partitionKey(key)}:`);
    }
    if (hit.count > options.limit) {
      if (!res.headersSent) res.setHeader('Retry-After', String(resetSeconds));
      sendError(res, new RateLimitedError((hit.resetAt - Date.now()) / 1000));
      return;
    }
    next();
  };
}

/** Per user when the request carries a valid access token, per IP otherwise. */
export function userOrIpKey(signer: TokenSigner): (req: Request) => string {
  return (req) => {
    const token = bearerToken(req.get('authorization'));
    const claims = token ? signer.verify(token) : undefined;
    return claims ? `u:${claims.sub}` : `ip:${clientIpKey(req)}`;
  };
}
