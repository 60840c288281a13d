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
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: options.name,
    store: new CounterStoreAdapter(counters, `${options.name}:`),
    keyGenerator: options.key ?? clientIpKey,
    // The checks express-rate-limit runs on a limiter's first requests; none applies to this setup
    // (the key generator handles IPv6 itself), and skipping them keeps every request cheap.
    validate: false,
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

/** Per user when the request carries a valid access token, per IP otherwise. */
export function userOrIpKey(signer: TokenSigner): (req: Request) => string {
  return (req) => {
    const token = bearerToken(req.get('authorization'));
    const claims = token ? signer.verify(token) : undefined;
    return claims ? `u:${claims.sub}` : `ip:${clientIpKey(req)}`;
  };
}
