import crypto from 'node:crypto';
import { hashToken, safeEqual } from '../../security/encryption';

// No 0/O, 1/I/L: the code is read aloud and typed from a message.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const LENGTH = 12;

/** A new invite code: 12 characters from 31 (about 59 bits), shown as ABCD-EFGH-JKMN. */
export function newInviteCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return formatInviteCode(code);
}

export function formatInviteCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** The canonical form of what someone typed or pasted (case, dashes and spaces do not matter); undefined when it cannot be a code. */
export function normalizeInviteCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  return code.length === LENGTH && [...code].every((ch) => ALPHABET.includes(ch)) ? code : undefined;
}

/** What is stored and looked up: the code is never kept in the clear. */
export function inviteCodeHash(normalized: string): string {
  return hashToken(`invite:${normalized}`);
}

/** Constant-time check of a presented code against a stored hash. */
export function inviteCodeMatches(normalized: string, storedHash: string): boolean {
  return safeEqual(inviteCodeHash(normalized), storedHash);
}
