import { describe, expect, it } from 'vitest';
import { canonicalJson, hashSnapshot } from './snapshot-hash.ts';
import { hashToken, newToken } from './token-hash.ts';

describe('hashSnapshot', () => {
  it('ignores object key order at every depth', () => {
    const a = { b: 1, a: { y: [1, { q: 1, p: 2 }], x: null } };
    const b = { a: { x: null, y: [1, { p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[1,{"p":2,"q":1}]},"b":1}');
    expect(hashSnapshot(a)).toBe(hashSnapshot(b));
    expect(hashSnapshot(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps array order and values significant', () => {
    expect(hashSnapshot({ a: [1, 2] })).not.toBe(hashSnapshot({ a: [2, 1] }));
    expect(hashSnapshot({ a: '1' })).not.toBe(hashSnapshot({ a: 1 }));
  });

  it('drops undefined fields like JSON does, and refuses values JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
  });
});

describe('tokens', () => {
  it('are prefixed, random, and hashed to sha256 hex', () => {
    const t = newToken('syw');
    expect(t).toMatch(/^syw_[A-Za-z0-9_-]{32}$/);
    expect(newToken('syw')).not.toBe(t);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
