/** Pure parts of the onboarding commands: --dimension parsing, key-type moves, the revision retry. */
import { ZDimension } from '@switchyard/core';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../src/api-client.ts';
import { withRevision } from '../src/draft-edit.ts';
import { moved, parseDimension } from '../src/commands/key-types.ts';

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

describe('withRevision', () => {
  const stale = () => new TRPCClientError('stale', { result: { error: { code: -32009, message: 'stale', data: { code: 'CONFLICT', apiCode: 'DRAFT_STALE' } } } });
  const fakeApi = (revisions: number[]) => {
    let reads = 0;
    const api = { draft: { get: { query: async () => ({ revision: revisions[Math.min(reads++, revisions.length - 1)]!, snapshot: {}, problems: [] }) } } };
    return { api: api as unknown as ApiClient, reads: () => reads };
  };

  it('re-reads the revision and applies the edit again after a concurrent edit', async () => {
    const { api, reads } = fakeApi([4, 5]);
    const seen: number[] = [];
    const result = await withRevision(api, async (rev) => {
      seen.push(rev);
      if (rev === 4) throw stale();
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(seen).toEqual([4, 5]);
    expect(reads()).toBe(2);
  });

  it('gives up after three stale attempts, and never retries other errors', async () => {
    const { api } = fakeApi([1, 2, 3, 4]);
    let calls = 0;
    await expect(withRevision(api, async () => { calls++; throw stale(); })).rejects.toThrow('stale');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRevision(api, async () => { calls++; throw new Error('boom'); })).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});
