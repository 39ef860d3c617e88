/**
 * Verifies caller secrets against `scrypt$N$r$p$<salt b64>$<hash b64>` (the format the console
 * publishes; see packages/db secret-hash). Kept local so the worker never loads the db package.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** A tampered hash must not make the worker spend unbounded memory or CPU. */
const MAX_N = 1 << 20;

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d{1,8}$/.test(s ?? '') ? Number(s) : NaN)) as [number, number, number];
  if (!(N > 1 && (N & (N - 1)) === 0 && N <= MAX_N) || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

function derive(secret: string, salt: Buffer, length: number, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(secret, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(secret, parsed.salt, parsed.key.length, parsed.N, parsed.r, parsed.p);
  return timingSafeEqual(key, parsed.key);
}

/** For tests, benchmarks and fixtures; the console hashes real secrets. */
export async function hashSecret(secret: string, params = { N: 1024, r: 8, p: 1 }): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, 32, params.N, params.r, params.p);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Remembers successful verifications: scrypt costs tens of milliseconds by design, and a
 * service reconnecting its pool must not pay that per connection. Keyed by the stored hash
 * too, so a rotated secret is verified afresh.
 */
export class SecretVerifier {
  private readonly ok = new Set<string>();

  constructor(private readonly maxEntries = 10_000) {}

  async verify(caller: string, secret: string, stored: string): Promise<boolean> {
    const id = `${caller}\0${stored}\0${createHash('sha256').update(secret).digest('base64')}`;
    if (this.ok.has(id)) return true;
    const good = await verifySecret(secret, stored);
    if (good) {
      if (this.ok.size >= this.maxEntries) this.ok.clear();
      this.ok.add(id);
    }
    return good;
  }
}
