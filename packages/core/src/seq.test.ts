import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSeq, payloadOf, readSeq, tryReadSeq, writeSeq } from './seq.ts';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

describe('SEQ values', () => {
  it('stores the SEQ big-endian in the first 8 bytes', () => {
    const v = writeSeq(0x0102030405060708n, new Uint8Array([9, 10]));
    expect([...v]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('round-trips any SEQ and payload, also from a subarray', () => {
    fc.assert(
      fc.property(u64, fc.uint8Array({ maxLength: 64 }), (seq, payload) => {
        const framed = new Uint8Array(3 + 8 + payload.length);
        framed.set(writeSeq(seq, payload), 3);
        const view = framed.subarray(3);
        return readSeq(view) === seq && Buffer.compare(payloadOf(view), payload) === 0;
      }),
    );
  });

  it('orders by SEQ numerically, not by bytes of the payload', () => {
    fc.assert(
      fc.property(
        u64,
        u64,
        (a, b) => compareSeq(writeSeq(a, new Uint8Array([255])), writeSeq(b)) === (a < b ? -1 : a > b ? 1 : 0),
      ),
    );
    expect(compareSeq(2n, 10n)).toBe(-1);
  });

  it('refuses short values and out-of-range SEQs with stable codes', () => {
    expect(() => readSeq(new Uint8Array(7))).toThrow(expect.objectContaining({ code: 'SEQ_TOO_SHORT' }));
    expect(tryReadSeq(new Uint8Array(3))).toBeNull();
    expect(() => writeSeq(-1n)).toThrow(expect.objectContaining({ code: 'SEQ_OUT_OF_RANGE' }));
    expect(() => writeSeq(1n << 64n)).toThrow(expect.objectContaining({ code: 'SEQ_OUT_OF_RANGE' }));
  });
});
