import crypto from 'node:crypto';

const VERSION = 'v1';

/**
 * AES-256-GCM for secrets at rest (Plex tokens, API keys). The output is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url. A previous key is still accepted
 * for decryption while values are re-encrypted with the current one.
 */
export class Encryptor {
  constructor(
    private readonly key: Buffer,
    private readonly previousKey?: Buffer,
  ) {
    if (key.length !== 32) throw new Error('encryption key must be 32 bytes');
  }

  encrypt(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
  }

  /** The plaintext, or undefined when no known key opens it (key changed, value tampered). */
  decrypt(value: string): string | undefined {
    for (const key of [this.key, this.previousKey]) {
      if (!key) continue;
      const plain = this.tryDecrypt(value, key);
      if (plain !== undefined) return plain;
    }
    return undefined;
  }

  private tryDecrypt(value: string, key: Buffer): string | undefined {
    const [version, iv, tag, data] = value.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) return undefined;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/** SHA-256 of a high-entropy token (refresh tokens, PIN tokens): safe to store, quick to look up. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** Constant-time string comparison that does not leak the length through timing. */
export function safeEqual(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}
