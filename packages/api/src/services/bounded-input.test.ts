import { describe, expect, it } from 'vitest';
import { boundedInput } from './bounded-input.ts';

describe('boundedInput', () => {
  it('keeps small inputs as they are', () => {
    const input = { name: 'x', ratio: 0.5 };
    expect(boundedInput(input, 100)).toBe(input);
    expect(boundedInput(undefined, 100)).toBeUndefined();
  });

  it('replaces a large input with a marked preview of its first bytes', () => {
    const big = { reason: 'r'.repeat(10_000) };
    const bounded = boundedInput(big, 64) as { truncated: boolean; bytes: number; preview: string };
    expect(bounded.truncated).toBe(true);
    expect(bounded.bytes).toBe(JSON.stringify(big).length);
    expect(bounded.preview.startsWith('{"reason":"rrr')).toBe(true);
    expect(Buffer.byteLength(bounded.preview)).toBeLessThanOrEqual(64 + 3);
  });

  it('counts bytes, not characters, for multi-byte text', () => {
    const bounded = boundedInput('语'.repeat(100), 30) as { bytes: number };
    expect(bounded.bytes).toBe(302);
  });
});
