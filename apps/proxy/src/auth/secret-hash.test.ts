import { describe, expect, it } from 'vitest';
import { hashSecret, SecretVerifier } from './secret-hash.ts';

describe('SecretVerifier', () => {
  it('limits failed verifications per address but always answers a remembered success', async () => {
    const stored = await hashSecret('right');
    const verifier = new SecretVerifier({ maxFailures: 2, windowMs: 60_000 });
    expect(await verifier.verify('svc', 'right', stored, 'good-host')).toBe('ok');
    expect(await verifier.verify('svc', 'wrong-1', stored, 'bad-host')).toBe('failed');
    // An unknown caller counts like a wrong secret, so the limit does not reveal caller names.
    expect(await verifier.verify('nobody', 'x', undefined, 'bad-host')).toBe('failed');
    expect(await verifier.verify('svc', 'wrong-2', stored, 'bad-host')).toBe('limited');
    // A secret verified before is answered from the cache, even from a limited address…
    expect(await verifier.verify('svc', 'right', stored, 'bad-host')).toBe('ok');
    // …but a limited address gets no verification at all, so a new right secret is refused there.
    const other = await hashSecret('other');
    expect(await verifier.verify('svc2', 'other', other, 'bad-host')).toBe('limited');
    expect(await verifier.verify('svc2', 'other', other, 'good-host')).toBe('ok');
  });
});
