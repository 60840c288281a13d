import crypto, { type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'medianest';
const AUDIENCE = 'medianest-api';
const VERIFIED_MAX = 10_000;

export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Session id; the session must still be live for the token to count. */
  sid: string;
}

/** Signs and verifies access tokens: HS256 only, issuer and audience checked. */
export class TokenSigner {
  /**
   * Given a string, jsonwebtoken first tries to parse it as a PEM public key on every call, and
   * that failed parse cost ~2 ms of CPU per verification (twice per API request: rate-limit key
   * and guard); a KeyObject made once skips it. Same HMAC key, so tokens are unchanged.
   */
  private readonly key: KeyObject;
  /** Tokens that verified, with their expiry (unix seconds). */
  private readonly verified = new Map<string, AccessClaims & { exp: number }>();

  private readonly now: () => number;

  constructor(secret: string, options: { clock?: () => number } = {}) {
    this.now = options.clock ?? Date.now;
    this.key = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
  }

  sign(claims: AccessClaims): { token: string; expiresAt: Date } {
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
    const token = jwt.sign({ sid: claims.sid, iat, exp }, this.key, {
      algorithm: 'HS256',
      subject: claims.sub,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a valid token, or undefined for anything else (none/other algorithms, tampered, expired). */
  verify(token: string): AccessClaims | undefined {
    // The same token verifies the same way until its exp (nbf is never set here): an API request
    // checks its token twice (rate-limit key, guard), and a client sends it many times.
    const nowSeconds = Math.floor(this.now() / 1000);
    const known = this.verified.get(token);
    if (known) {
      if (nowSeconds < known.exp) return { sub: known.sub, sid: known.sid };
      this.verified.delete(token);
    }
    try {
      const payload = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTimestamp: Math.floor(this.now() / 1000),
      });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return undefined;
      if (typeof payload.exp === 'number' && payload.nbf === undefined) {
        if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
        this.verified.set(token, { sub: payload.sub, sid: payload.sid, exp: payload.exp });
      }
      return { sub: payload.sub, sid: payload.sid };
    } catch {
      return undefined;
    }
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
  return match?.[1];
}
