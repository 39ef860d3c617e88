import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError } from '../errors.ts';
import { codeOfMeetingId, decodeMeetingId, encodeMeetingId, isGrouped, resolveStorageCode } from './meeting-id.ts';
import { GROUPED_LIMIT, UINT64_MAX, type MeetingIdLayout } from './layout.ts';
import { parseMeetingId, tryParseMeetingId } from './parse-meeting-id.ts';

const L: MeetingIdLayout = { codeBits: 4, dayBits: 14, epoch: '2023-03-02T00:00:00+08:00' };
const uint64 = fc.bigInt({ min: 0n, max: UINT64_MAX });

const codeOf = (e: () => unknown): string | undefined => {
  try {
    e();
  } catch (err) {
    return err instanceof CoreError ? err.code : 'not-a-core-error';
  }
  return undefined;
};

describe('parseMeetingId', () => {
  it.each([
    ['', 'ID_EMPTY'],
    [' 1', 'ID_NOT_DECIMAL'],
    ['1 ', 'ID_NOT_DECIMAL'],
    ['+1', 'ID_NOT_DECIMAL'],
    ['0x10', 'ID_NOT_DECIMAL'],
    ['1e5', 'ID_NOT_DECIMAL'],
    ['١٢', 'ID_NOT_DECIMAL'],
    ['-1', 'ID_NEGATIVE'],
    ['18446744073709551616', 'ID_TOO_LARGE'],
    ['999999999999999999999999', 'ID_TOO_LARGE'],
  ])('rejects %j with %s', (input, code) => {
    expect(codeOf(() => parseMeetingId(input))).toBe(code);
  });

  it('rejects out-of-range bigints', () => {
    expect(codeOf(() => parseMeetingId(-1n))).toBe('ID_NEGATIVE');
    expect(codeOf(() => parseMeetingId(UINT64_MAX + 1n))).toBe('ID_TOO_LARGE');
  });

  it('accepts the uint64 bounds and leading zeros', () => {
    expect(parseMeetingId('0')).toBe(0n);
    expect(parseMeetingId('18446744073709551615')).toBe(UINT64_MAX);
    expect(parseMeetingId('000000000000000000000042')).toBe(42n);
    expect(tryParseMeetingId('x')).toMatchObject({ ok: false, error: { code: 'ID_NOT_DECIMAL' } });
  });

  it('round-trips every uint64 through its decimal string', () => {
    fc.assert(fc.property(uint64, (id) => parseMeetingId(id.toString()) === id));
  });
});

describe('decode with X=4, T=14', () => {
  it('matches the DESIGN §4 formulas on every uint64', () => {
    fc.assert(
      fc.property(uint64, (id) => {
        const p = decodeMeetingId(id, L);
        expect(p.code).toBe(Number((id >> 31n) & 0xfn));
        expect(p.day).toBe(Number((id >> 35n) & 0x3fffn));
        expect(p.kind).toBe(id < 1n << 49n ? 'grouped' : 'normal');
        expect(p.random).toBe(((id >> 49n) << 31n) | (id & ((1n << 31n) - 1n)));
        expect(codeOfMeetingId(id, L)).toBe(p.code);
      }),
    );
  });

  it('splits the grouped/normal ranges at 0x0001ffffffffffff', () => {
    expect(decodeMeetingId(0x0001ffffffffffffn, L).kind).toBe('grouped');
    expect(decodeMeetingId(0x0002000000000000n, L).kind).toBe('normal');
    expect(isGrouped(GROUPED_LIMIT - 1n)).toBe(true);
    expect(isGrouped(GROUPED_LIMIT)).toBe(false);
  });

  it('decodes a hand-built ID', () => {
    // high random 3, day 100, code 5, low random 7
    const id = (3n << 49n) | (100n << 35n) | (5n << 31n) | 7n;
    expect(decodeMeetingId(id.toString(), L)).toEqual({ kind: 'normal', code: 5, day: 100, random: (3n << 31n) | 7n });
  });
});

describe('encode', () => {
  const layouts = fc
    .record({ codeBits: fc.integer({ min: 1, max: 12 }), dayBits: fc.integer({ min: 1, max: 20 }) })
    .filter((l) => l.codeBits + l.dayBits <= 48);

  it('round-trips decode(encode(parts)) for any layout', () => {
    const arb = layouts.chain((l) => {
      const r = 49 - l.codeBits - l.dayBits;
      return fc.record({
        layout: fc.constant({ ...l, epoch: L.epoch }),
        kind: fc.constantFrom('grouped' as const, 'normal' as const),
        code: fc.integer({ min: 0, max: 2 ** l.codeBits - 1 }),
        day: fc.integer({ min: 0, max: 2 ** l.dayBits - 1 }),
        low: fc.bigInt({ min: 0n, max: (1n << BigInt(r)) - 1n }),
        high: fc.bigInt({ min: 1n, max: (1n << 15n) - 1n }),
        r: fc.constant(BigInt(r)),
      });
    });
    fc.assert(
      fc.property(arb, (a) => {
        const random = a.kind === 'grouped' ? a.low : (a.high << a.r) | a.low;
        const parts = { kind: a.kind, code: a.code, day: a.day, random };
        const id = encodeMeetingId(parts, a.layout);
        expect(id <= UINT64_MAX).toBe(true);
        expect(decodeMeetingId(id, a.layout)).toEqual(parts);
      }),
    );
  });

  it('round-trips encode(decode(id)) for every uint64', () => {
    fc.assert(fc.property(uint64, (id) => encodeMeetingId(decodeMeetingId(id, L), L) === id));
  });

  it.each([
    [{ kind: 'grouped', code: 16, day: 0, random: 0n }],
    [{ kind: 'grouped', code: 0, day: 16384, random: 0n }],
    [{ kind: 'grouped', code: 0, day: 0, random: 1n << 31n }],
    [{ kind: 'normal', code: 0, day: 0, random: 5n }],
    [{ kind: 'normal', code: 0, day: 0, random: 1n << 46n }],
    [{ kind: 'normal', code: 0, day: 0, random: -1n }],
  ] as const)('refuses parts that do not fit, case %#', (parts) => {
    expect(codeOf(() => encodeMeetingId(parts, L))).toBe('ID_PARTS_INVALID');
  });

  it('refuses an impossible layout', () => {
    expect(codeOf(() => decodeMeetingId(1n, { codeBits: 30, dayBits: 20, epoch: L.epoch }))).toBe('LAYOUT_INVALID');
    expect(codeOf(() => decodeMeetingId(1n, { codeBits: 4, dayBits: 14, epoch: 'yesterday' }))).toBe('LAYOUT_INVALID');
  });
});

describe('resolveStorageCode', () => {
  it('keeps deployed codes and sends the rest to bottom', () => {
    expect(resolveStorageCode(5, [1, 2, 5, 6], 2)).toBe(5);
    expect(resolveStorageCode(3, [1, 2, 5, 6], 2)).toBe(2);
    expect(resolveStorageCode(3, new Set([3]), 2)).toBe(3);
  });

  it('routes every uint64 to a deployed code', () => {
    const deployed = [1, 2, 5, 6];
    fc.assert(
      fc.property(uint64, (id) => deployed.includes(resolveStorageCode(decodeMeetingId(id, L).code, deployed, 2))),
    );
  });
});
