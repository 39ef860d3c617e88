import { describe, expect, it } from 'vitest';
import { Command } from '../resp/command.ts';
import { arityOk, commandSpec, DANGEROUS_COMMANDS, keyIndices } from './command-table.ts';

const cmd = (...a: string[]): Command => Command.fromArgs(a);

describe('command table key positions', () => {
  it.each([
    [['GET', 'k'], [1]],
    [
      ['MSET', 'a', '1', 'b', '2'],
      [1, 3],
    ],
    [
      ['DEL', 'a', 'b', 'c'],
      [1, 2, 3],
    ],
    [
      ['EVAL', 'return 1', '2', 'a', 'b', 'x'],
      [3, 4],
    ],
    [
      ['ZUNIONSTORE', 'dst', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      [1, 3, 4],
    ],
    [
      ['RPOPLPUSH', 'a', 'b'],
      [1, 2],
    ],
    [['HSET', 'h', 'f', 'v'], [1]],
    [['EXPIRE', 'k', '10'], [1]],
    [['OBJECT', 'ENCODING', 'k'], [2]],
  ])('%j has keys at %j', (argv, expected) => {
    const spec = commandSpec(argv[0]!)!;
    expect(arityOk(spec, argv.length)).toBe(true);
    expect(keyIndices(spec, Command.fromArgs(argv))).toEqual(expected);
  });

  it('rejects malformed key layouts', () => {
    expect(keyIndices(commandSpec('MSET')!, cmd('MSET', 'a', '1', 'b'))).toBeNull();
    expect(keyIndices(commandSpec('EVAL')!, cmd('EVAL', 's', '5', 'a'))).toBeNull();
    expect(keyIndices(commandSpec('EVAL')!, cmd('EVAL', 's', 'x', 'a'))).toBeNull();
    expect(arityOk(commandSpec('GET')!, 1)).toBe(false);
  });

  it('keeps dangerous commands out of the forwarding table', () => {
    for (const name of DANGEROUS_COMMANDS) expect(commandSpec(name)).toBeUndefined();
  });
});

describe('the adapter over the core table', () => {
  it('serves the plain single-key path without allocating (one shared index list)', () => {
    const get = commandSpec('GET')!;
    expect(keyIndices(get, cmd('GET', 'a'))).toBe(keyIndices(get, cmd('GET', 'b')));
  });

  it('forwards the Redis 7 data families the old table lacked', () => {
    for (const name of [
      'XADD',
      'XREADGROUP',
      'XAUTOCLAIM',
      'GEOSEARCH',
      'GEORADIUS_RO',
      'BITOP',
      'BITFIELD_RO',
      'PFMERGE',
      'LMPOP',
      'ZMPOP',
      'SINTERCARD',
      'ZINTERCARD',
      'SORT',
      'SORT_RO',
      'MEMORY',
      'XINFO',
      'XGROUP',
    ]) {
      expect(commandSpec(name), name).toBeDefined();
    }
  });

  it('keeps local commands out of the forwarding table and refuses instance-wide ones', () => {
    for (const name of ['PING', 'COMMAND', 'TIME', 'MULTI']) expect(commandSpec(name), name).toBeUndefined();
    for (const name of ['FLUSHALL', 'KEYS', 'DBSIZE', 'RANDOMKEY', 'ACL', 'LOLWUT', 'PFDEBUG'])
      expect(DANGEROUS_COMMANDS.has(name), name).toBe(true);
    // Issue 13: served by the proxy's blocking, pub/sub and SCAN modules since w2c-blocking.
    for (const name of ['BLPOP', 'BZPOPMIN', 'XREAD', 'SUBSCRIBE', 'PUBLISH', 'PUBSUB', 'SCAN']) {
      expect(DANGEROUS_COMMANDS.has(name), name).toBe(false);
      expect(commandSpec(name), name).toBeDefined();
    }
  });
});
