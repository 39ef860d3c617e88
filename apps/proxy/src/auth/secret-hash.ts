/**
 * Caller secrets are checked against the scrypt hashes the console publishes. The format and
 * its safety limits live in one place, `@switchyard/db/secret-hash` (node:crypto only, no Prisma).
 */
import { createHash } from 'node:crypto';
import { hashSecret as hashWith, verifySecret } from '@switchyard/db/secret-hash';

export { verifySecret };

/** For tests, benchmarks and fixtures: cheap parameters; the console hashes real secrets. */
export function hashSecret(secret: string, params = { N: 1024, r: 8, p: 1 }): Promise<string> {
  return hashWith(secret, params);
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
