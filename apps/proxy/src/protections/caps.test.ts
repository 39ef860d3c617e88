import { describe, expect, it } from 'vitest';
import { Command } from '../resp/command.ts';
import { commandSpec } from '../routing/command-table.ts';
import { CapCounters, checkCaps, keyCount } from './caps.ts';

const limits = { maxCountArg: 1000, maxOffsetBytes: 4096, maxKeysPerRequest: 10 };
const check = (...args: string[]): string | null => {
  const reply = checkCaps(limits, new CapCounters(), commandSpec(args[0]!)!, Command.fromArgs(args));
  return reply === null ? null : reply.toString().trim();
};

describe('checkCaps', () => {
  it('caps count arguments in both signs, and leaves unparsable ones to Redis', () => {
    expect(check('SRANDMEMBER', 'k', '-1001')).toMatch(/count for 'srandmember'/);
    expect(check('SRANDMEMBER', 'k', '-1000')).toBeNull();
    expect(check('LPOP', 'k', '99999999999999999999999999')).toMatch(/count for 'lpop'/);
    expect(check('LPOP', 'k', 'abc')).toBeNull();
    expect(check('SSCAN', 'k', '0', 'MATCH', 'x', 'count', '5000')).toMatch(/count for 'sscan'/);
    expect(check('LPOS', 'k', 'e', 'COUNT', '10')).toBeNull();
    // Issue 13: SCAN, the blocking multi-pops and stream reads (XREAD's COUNT comes first).
    expect(check('SCAN', '0', 'COUNT', '5000')).toMatch(/count for 'scan'/);
    expect(check('XREAD', 'COUNT', '5000', 'STREAMS', 's', '0')).toMatch(/count for 'xread'/);
    expect(check('BLMPOP', '0', '1', 'k', 'LEFT', 'COUNT', '5000')).toMatch(/count for 'blmpop'/);
    expect(check('SCAN', '0', 'COUNT', '10')).toBeNull();
  });

  it('caps the string length SETRANGE, SETBIT and BITFIELD would reach', () => {
    expect(check('SETRANGE', 'k', '4095', 'xy')).toMatch(/offset for 'setrange'/);
    expect(check('SETRANGE', 'k', '4094', 'xy')).toBeNull();
    expect(check('SETBIT', 'k', String(4096 * 8), '1')).toMatch(/offset/);
    expect(check('SETBIT', 'k', String(4096 * 8 - 1), '1')).toBeNull();
    expect(check('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '#4096', '1')).toMatch(/offset for 'bitfield'/);
    expect(check('BITFIELD', 'k', 'GET', 'u8', '#4095')).toBeNull();
  });

  it("answers Redis's own error past Redis's 512 MB string limit, and lets an empty SETRANGE (which grows nothing) through", () => {
    expect(check('SETRANGE', 'k', String(512 * 1024 * 1024 - 4), 'world')).toBe(
      '-ERR string exceeds maximum allowed size (proto-max-bulk-len)',
    );
    expect(check('SETRANGE', 'k', '9223372036854775807', 'A')).toBe(
      '-ERR string exceeds maximum allowed size (proto-max-bulk-len)',
    );
    expect(check('SETBIT', 'k', String(4 * 1024 * 1024 * 1024), '1')).toBe(
      '-ERR bit offset is not an integer or out of range',
    );
    expect(check('SETRANGE', 'k', '99999999', '')).toBeNull();
  });

  it('leaves *RANDMEMBER counts that Redis itself refuses as out of range to Redis', () => {
    expect(check('SRANDMEMBER', 'k', '-9223372036854775808')).toBeNull();
    expect(check('HRANDFIELD', 'k', '-9223372036854770000', 'WITHVALUES')).toBeNull();
    expect(check('ZRANDMEMBER', 'k', '-9223372036854775807')).toMatch(/count for 'zrandmember'/);
    expect(check('HRANDFIELD', 'k', '-4611686018427387903', 'WITHVALUES')).toMatch(/count for 'hrandfield'/);
  });

  it('counts keys from the argument count', () => {
    expect(keyCount(commandSpec('MSET')!, Command.fromArgs(['MSET', 'a', '1', 'b', '2']))).toBe(2);
    expect(keyCount(commandSpec('ZUNIONSTORE')!, Command.fromArgs(['ZUNIONSTORE', 'd', '3', 'a', 'b', 'c']))).toBe(4);
    expect(check('MGET', ...Array.from({ length: 11 }, (_, i) => `k${i}`))).toMatch(/'mget' names 11 keys/);
    expect(check('DEL', ...Array.from({ length: 10 }, (_, i) => `k${i}`))).toBeNull();
  });

  it('refuses COPY into another database', () => {
    expect(check('COPY', 'a', 'b', 'DB', '7')).toMatch(/only database 0/);
    expect(check('COPY', 'a', 'b', 'REPLACE', 'DB', '0')).toBeNull();
  });
});
