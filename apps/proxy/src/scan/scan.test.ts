import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, parseScan } from './scan.ts';

const args = (...a: string[]) => a.map((s) => Buffer.from(s));

describe('SCAN arguments and cursors', () => {
  it('parses MATCH/COUNT/TYPE and refuses what Redis refuses', () => {
    const ok = parseScan(args('SCAN', '0', 'match', 'a*', 'COUNT', '5', 'TYPE', 'list'));
    expect(typeof ok).toBe('object');
    expect((ok as { options: Buffer[] }).options.map(String)).toEqual(['MATCH', 'a*', 'COUNT', '5', 'TYPE', 'list']);
    expect(parseScan(args('SCAN', '-1'))).toBe('ERR invalid cursor');
    expect(parseScan(args('SCAN', '0', 'COUNT'))).toBe('ERR syntax error');
    expect(parseScan(args('SCAN', '0', 'COUNT', '0'))).toBe('ERR syntax error');
    expect(parseScan(args('SCAN', '0', 'COUNT', '1.5'))).toBe('ERR value is not an integer or out of range');
  });

  it('encodes the instance in the low 10 bits, a cluster master in the next 6, the backend cursor above (beyond 2^64)', () => {
    expect(encodeCursor(0, 0n)).toBe('0');
    expect(encodeCursor(3, 0n)).toBe('3');
    expect(encodeCursor(2, 5n)).toBe(String(5 * 65536 + 2));
    expect(encodeCursor(2, 0n, 1)).toBe(String(1024 + 2));
    const big = (1n << 64n) - 1n;
    const c = BigInt(encodeCursor(9, big, 63));
    expect(decodeCursor(c)).toEqual({ index: 9, node: 63, backend: big });
    expect((parseScan(args('SCAN', c.toString())) as { cursor: bigint }).cursor).toBe(c);
  });
});
