import crypto from 'node:crypto';
import { safeEqual } from '../../security/encryption';
import { KINDS, type Kind } from './kinds';

/**
 * Signed one-click unsubscribe tokens (RFC 8058): `<base64url(userId:kind)>.<hmac>`.
 * They do not expire: a link in an old mail must still work, and all it can
 * do is turn email off for one kind of notification of one user.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    // A key of its own, derived from the server secret, so these MACs can never pass as anything else.
    this.key = crypto.createHmac('sha256', secret).update('medianest:unsubscribe:v1').digest();
  }

  sign(userId: string, kind: Kind): string {
    const body = Buffer.from(`${userId}:${kind}`).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify(token: string): { userId: string; kind: Kind } | undefined {
    const [body, mac] = token.split('.');
    if (!body || !mac || !safeEqual(mac, this.mac(body))) return undefined;
    const [userId, kind] = Buffer.from(body, 'base64url').toString('utf8').split(':');
    if (!userId || !KINDS.includes(kind as Kind)) return undefined;
    return { userId, kind: kind as Kind };
  }

  private mac(body: string): string {
    return crypto.createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
