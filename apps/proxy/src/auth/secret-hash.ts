/**
 * Caller secrets are checked against the scrypt hashes the console publishes. The format and
 * its safety limits live in one place, `@switchyard/db/secret-hash` (node:crypto only, no Prisma).
 */
import { createHash } from 'node:crypto';
import { hashSecret as hashWith, verifySecret } from '@switchyard/db/secret-hash';
import { FailureWindow, type FailureWindowOptions } from '@switchyard/core';

export { verifySecret };

/** For tests, benchmarks and fixtures: cheap parameters; the console hashes real secrets. */
export function hashSecret(secret: string, params = { N: 1024, r: 8, p: 1 }): Promise<string> {
  return hashWith(secret, params);
}

export type Verdict = 'ok' | 'failed' | 'limited';

/**
 * Remembers successful verifications: scrypt costs tens of milliseconds by design, and a
 * service reconnecting its pool must not pay that per connection. Keyed by the stored hash
 * too, so a rotated secret is verified afresh. Failed verifications are limited per client
 * address (`FailureWindow`): past the limit a secret is not verified at all, so a guessing
 * loop cannot keep the worker's thread pool busy with scrypt. A remembered success is
 * answered first, so a service reconnecting its pool is never limited.
 */
export class SecretVerifier {
  private readonly ok = new Set<string>();
  private readonly failures: FailureWindow;

  constructor(
    limits: FailureWindowOptions,
    private readonly maxEntries = 10_000,
  ) {
    this.failures = new FailureWindow(limits);
  }

  /**
   * `stored` is undefined for a caller the config does not know: that fails like a wrong
   * secret, and counts the same, so the limit does not tell which caller names exist.
   * `source` is the client's remote address: failed verifications are limited per address.
   */
  /** scrypt verifications run (decoys included), for tests and INFO. */
  hashChecks = 0;

  /**
   * `decoy`, for an unknown caller, is another caller's hash: the secret is checked against
   * it and the result ignored, so an unknown name costs the same scrypt as a wrong secret.
   */
  async verify(
    caller: string,
    secret: string,
    stored: string | undefined,
    source: string,
    decoy?: string,
  ): Promise<Verdict> {
    const id = `${caller}\0${stored}\0${createHash('sha256').update(secret).digest('base64')}`;
    if (this.ok.has(id)) return 'ok';
    if (this.failures.retryAfterMs(source) > 0) return 'limited';
    const against = stored ?? decoy;
    if (against !== undefined) this.hashChecks++;
    const matched = against !== undefined && (await verifySecret(secret, against).catch(() => false));
    const good = stored !== undefined && matched;
    if (!good) {
      this.failures.recordFailure(source);
      return 'failed';
    }
    if (this.ok.size >= this.maxEntries) this.ok.clear();
    this.ok.add(id);
    return 'ok';
  }
}
