/**
 * Password authentication for the embedded Postgres (issue 14 #12): PGlite itself trusts
 * every connection, so the wire server asks for the password before it hands the startup
 * packet to PGlite. Cleartext (AuthenticationCleartextPassword) is enough on 127.0.0.1,
 * where the server listens; every Postgres client (libpq, node-postgres) supports it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** 'R', length 8, code 3 = AuthenticationCleartextPassword. */
export const CLEARTEXT_PASSWORD_REQUEST = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]);

/** The startup packet's parameters (`user`, `database`, …): after length and protocol code, NUL-separated pairs. */
export function startupParameters(bytes: Buffer): Record<string, string> {
  const parts = bytes.subarray(8).toString('utf8').split('\0');
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length && parts[i] !== ''; i += 2) out[parts[i]!] = parts[i + 1]!;
  return out;
}

/** The password of a PasswordMessage ('p', length, NUL-terminated string). */
export function passwordOf(bytes: Buffer): string {
  const end = bytes[bytes.length - 1] === 0 ? bytes.length - 1 : bytes.length;
  return bytes.subarray(5, end).toString('utf8');
}

/** Constant-time comparison (of digests, so lengths do not leak either). */
export function passwordMatches(given: string, expected: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A FATAL ErrorResponse, as Postgres sends before it closes the connection. */
export function fatalError(code: string, message: string): Buffer {
  const field = (type: string, value: string): Buffer =>
    Buffer.concat([Buffer.from(type), Buffer.from(value, 'utf8'), Buffer.from([0])]);
  const body = Buffer.concat([
    field('S', 'FATAL'),
    field('V', 'FATAL'),
    field('C', code),
    field('M', message),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}
