/** withRevision: the draft edit retry after a concurrent edit. */
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './api-client.ts';
import { withRevision } from './draft-edit.ts';

describe('withRevision', () => {
  const stale = () =>
    new TRPCClientError('stale', {
      result: { error: { code: -32009, message: 'stale', data: { code: 'CONFLICT', apiCode: 'DRAFT_STALE' } } },
    });
  const fakeApi = (revisions: number[]) => {
    let reads = 0;
    const api = {
      draft: {
        get: {
          query: async () => ({
            revision: revisions[Math.min(reads++, revisions.length - 1)]!,
            snapshot: {},
            problems: [],
          }),
        },
      },
    };
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
    await expect(
      withRevision(api, async () => {
        calls++;
        throw stale();
      }),
    ).rejects.toThrow('stale');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRevision(api, async () => {
        calls++;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});
