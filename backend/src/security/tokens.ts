import crypto, { type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'medianest';
const AUDIENCE = 'medianest-api';

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

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
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
    try {
      const payload = jwt.verify(token, this.key, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
        clockTimestamp: Math.floor(this.now() / 1000),
      });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return undefined;
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
