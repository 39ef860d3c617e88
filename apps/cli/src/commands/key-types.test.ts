/** Pure parts of `syctl key-types`: --dimension parsing and moves. */
import { ZDimension } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { moved, parseDimension } from './key-types.ts';

describe('--dimension', () => {
  it.each([
    ['fixed:2', { kind: 'fixed', code: 2 }],
    ['fixed-instance:gz-personal', { kind: 'fixed-instance', instance: 'gz-personal' }],
    ['hash:1,2', { kind: 'hash', codes: [1, 2] }],
    ['hash:1,2:uid', { kind: 'hash', codes: [1, 2], group: 'uid' }],
    ['mid', { kind: 'mid', group: 'mid' }],
    ['identity:gz', { kind: 'identity', centreRegion: 'gz', group: 'appid' }],
  ])('%s', (text, expected) => {
    expect(ZDimension.parse(parseDimension(text))).toEqual(expected);
  });

  it.each(['fixed', 'fixed:x', 'hash:', 'nope:1'])('rejects %s', (text) => {
    expect(ZDimension.safeParse(parseDimension(text)).success).toBe(false);
  });
});

describe('key-types move', () => {
  it('moves to a 1-based position, clamping past the end', () => {
    expect(moved(['a', 'b', 'c'], 'c', 1)).toEqual(['c', 'a', 'b']);
    expect(moved(['a', 'b', 'c'], 'a', 2)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 'a', 99)).toEqual(['b', 'c', 'a']);
    expect(() => moved(['a'], 'z', 1)).toThrow(/no key type 'z'/);
  });
});
