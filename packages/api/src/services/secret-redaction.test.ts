import { describe, expect, it } from 'vitest';
import { redactSecretHashes, secretFingerprint } from './secret-redaction.ts';

describe('secret redaction', () => {
  it('fingerprints a hash stably and leaves a fingerprint as it is', () => {
    const f = secretFingerprint('scrypt$1$2$3$a$b');
    expect(f).toMatch(/^\[secret [0-9a-f]{8}\]$/);
    expect(secretFingerprint('scrypt$1$2$3$a$b')).toBe(f);
    expect(secretFingerprint(f)).toBe(f);
    expect(secretFingerprint('scrypt$1$2$3$a$c')).not.toBe(f);
  });

  it('redacts secretHash fields at any depth and the two sides of a diff of one', () => {
    const value = {
      callers: [{ name: 'a', secretHash: 'scrypt$x' }],
      changes: [
        { path: 'callers[a].secretHash', before: 'scrypt$x', after: 'scrypt$y' },
        { path: 'callers[b]', after: { name: 'b', secretHash: 'scrypt$z' } },
        { path: 'regions[gz].label', before: 'scrypt$not-a-secret-field', after: 'y' },
      ],
    };
    const out = JSON.stringify(redactSecretHashes(value));
    expect(out).not.toMatch(/scrypt\$[xyz]/);
    // Only secret fields are touched.
    expect(out).toContain('scrypt$not-a-secret-field');
  });
});
