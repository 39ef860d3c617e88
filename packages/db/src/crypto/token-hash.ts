/**
 * Bearer tokens and session ids. These are long random strings, so a fast sha256 is enough
 * (unlike passwords); the database stores only the digest.
 */
import { createHash, randomBytes } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A new random token; `prefix` says what it is when someone finds one in a log (`syw_…`). */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

export const hashToken = sha256Hex;
