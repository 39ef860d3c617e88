import { describe, expect, it } from 'vitest';
import { mergeRows, type BucketRow } from './metrics-service.ts';

const row = (byInstance: BucketRow['byInstance']): BucketRow => ({
  beats: 1,
  requests: 0,
  errors: 0,
  p50: 0,
  p99: 0,
  drops: 0,
  cacheHits: 0,
  cacheMisses: 0,
  staleServes: 0,
  inFlight: 0,
  byCaller: {},
  byInstance,
  dropDetail: { callers: {}, keys: {} },
  hotKeys: [],
  bigKeys: [],
  breakers: {},
});

describe('mergeRows: the read/write split per instance', () => {
  it('adds reads, writes and per-caller splits of two heartbeats in one bucket', () => {
    const a = row({ x: { requests: 10, errors: 1, reads: 7, writes: 3, callers: { demo: { reads: 7, writes: 3 } } } });
    const b = row({
      x: {
        requests: 5,
        errors: 0,
        reads: 1,
        writes: 4,
        callers: { demo: { reads: 1, writes: 0 }, batch: { reads: 0, writes: 4 } },
      },
    });
    expect(mergeRows(a, b).byInstance['x']).toEqual({
      requests: 15,
      errors: 1,
      reads: 8,
      writes: 7,
      callers: { demo: { reads: 8, writes: 3 }, batch: { reads: 0, writes: 4 } },
    });
  });

  it('keeps the split absent when neither heartbeat has it (workers from before it)', () => {
    const merged = mergeRows(row({ x: { requests: 2, errors: 0 } }), row({ x: { requests: 3, errors: 1 } }));
    expect(merged.byInstance['x']).toEqual({ requests: 5, errors: 1 });
  });
});
