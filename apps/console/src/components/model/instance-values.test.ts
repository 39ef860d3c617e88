import { ZInstance, type TInstance } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { fromInstance, toCandidate } from './instance-values.ts';

const sized: TInstance = ZInstance.parse({
  name: 'gz-personal',
  region: 'gz',
  kind: 'standalone',
  addresses: [{ host: '127.0.0.1', port: 6379 }],
  replicas: [],
  opsCapacity: 50_000,
});

describe('instance form values', () => {
  it('keeps opsCapacity through an edit (an upsert replaces the whole instance)', () => {
    const values = fromInstance(sized);
    expect(values.opsCapacity).toBe('50000');
    expect(ZInstance.parse(toCandidate(values))).toEqual(sized);
  });

  it('leaves an emptied capacity out, and lets the core schema refuse a non-positive one', () => {
    const values = fromInstance(sized);
    expect(toCandidate({ ...values, opsCapacity: ' ' })).not.toHaveProperty('opsCapacity');
    expect(ZInstance.safeParse(toCandidate({ ...values, opsCapacity: '0' })).error?.issues[0]?.path).toEqual([
      'opsCapacity',
    ]);
    expect(ZInstance.safeParse(toCandidate({ ...values, opsCapacity: 'lots' })).success).toBe(false);
  });
});
