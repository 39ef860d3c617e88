import { describe, expect, it } from 'vitest';
import {
  allCommands,
  arityOk,
  commandEntry,
  isReadCommand,
  keyCount,
  keyError,
  keyIndices,
  keysWithFlags,
  sortPatternKey,
  zeroKeyError,
  type ArgReader,
  type CommandSpec,
} from './commands.ts';
import { REFUSED_COMMANDS } from './command-policy.ts';

const reader = (argv: string[]): ArgReader => ({ argc: argv.length, latin1: (i) => argv[i]! });
const spec = (name: string): CommandSpec => commandEntry(name)!;
const keys = (...argv: string[]) => keyIndices(spec(argv[0]!.toUpperCase()), reader(argv));

describe('the command table from Redis 7.0.15', () => {
  it('knows every command Redis 7.0.15 knows (COMMAND COUNT 240) plus SY.NEWID', () => {
    expect(allCommands().filter((c) => c.redis !== null)).toHaveLength(240);
    expect(commandEntry('SY.NEWID')?.serving).toBe('proxy');
  });

  it("takes Redis's arity, including ZREM's (key and at least one member)", () => {
    expect(spec('ZREM').arity).toBe(-3);
    expect(arityOk(spec('ZREM'), 2)).toBe(false);
    expect(arityOk(spec('GET'), 2)).toBe(true);
    expect(arityOk(spec('GET'), 3)).toBe(false);
  });

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
      ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
      [1, 2],
    ],
    [
      ['COPY', 'a', 'b'],
      [1, 2],
    ],
    [
      ['ZUNIONSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      [1, 3, 4],
    ],
    [
      ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
      [2, 3],
    ],
    [
      ['SINTERCARD', '3', 'a', 'b', 'c'],
      [2, 3, 4],
    ],
    [
      ['LMPOP', '2', 'a', 'b', 'LEFT', 'COUNT', '2'],
      [2, 3],
    ],
    [['ZMPOP', '1', 'a', 'MIN'], [2]],
    [
      ['EVAL', 's', '2', 'a', 'b', 'arg'],
      [3, 4],
    ],
    [['FCALL', 'f', '1', 'a', 'arg'], [3]],
    [
      ['XREAD', 'COUNT', '2', 'STREAMS', 'a', 'b', '0', '0'],
      [4, 5],
    ],
    [['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'], [5]],
    [['XADD', 's', '*', 'f', 'v'], [1]],
    [
      ['GEORADIUS', 'g', '0', '0', '1', 'km', 'STORE', 'dst'],
      [1, 7],
    ],
    [
      ['GEORADIUSBYMEMBER', 'g', 'm', '1', 'km', 'STOREDIST', 'dst'],
      [1, 6],
    ],
    [
      ['GEOSEARCHSTORE', 'dst', 'src', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
      [1, 2],
    ],
    [
      ['BITOP', 'AND', 'dst', 'a', 'b'],
      [2, 3, 4],
    ],
    [
      ['PFMERGE', 'dst', 'a', 'b'],
      [1, 2, 3],
    ],
    [
      ['SORT', 'k', 'BY', 'w_*', 'GET', 'o_*', 'STORE', 'dst'],
      [1, 7],
    ],
    [['SORT_RO', 'k', 'BY', 'w_*'], [1]],
    [['OBJECT', 'ENCODING', 'k'], [2]],
    [['MEMORY', 'USAGE', 'k', 'SAMPLES', '5'], [2]],
    [['XINFO', 'STREAM', 's', 'FULL'], [2]],
    [['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM'], [2]],
    [['MIGRATE', 'h', '1', 'k', '0', '5'], [3]],
    [['EVAL', 's', '0'], []],
  ])('%j has keys at %j', (argv, expected) => {
    expect(keys(...argv)).toEqual(expected);
  });

  it("refuses arguments that do not fit the key specs, with Redis's error text", () => {
    const cases: [string[], string][] = [
      [['MSET', 'a', '1', 'b'], "ERR wrong number of arguments for 'mset' command"],
      [['EVAL', 's', '5', 'a'], "ERR Number of keys can't be greater than number of args"],
      [['EVAL', 's', '-1'], "ERR Number of keys can't be negative"],
      [['EVAL', 's', 'x'], 'ERR value is not an integer or out of range'],
      [['ZUNION', '5', 'a'], 'ERR syntax error'],
      [['ZUNIONSTORE', 'd', '-1', 'a'], "ERR at least 1 input key is needed for 'zunionstore' command"],
      [['SINTERCARD', '5', 'a'], "ERR Number of keys can't be greater than number of args"],
      [['LMPOP', 'x', 'a', 'LEFT'], 'ERR numkeys should be greater than 0'],
      [
        ['XREAD', 'STREAMS', 'a', 'b', 'c'],
        "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.",
      ],
      [['GEORADIUS', 'p', '13.3', '38.1', '50', 'km', 'STORE'], 'ERR syntax error'],
    ];
    for (const [argv, text] of cases) {
      const s = spec(argv[0]!);
      expect(keyIndices(s, reader(argv)), argv.join(' ')).toBeNull();
      expect(keyError(s, reader(argv))).toBe(text);
    }
  });

  it("answers zero keys with Redis's error where Redis has one, else leaves the refusal to the proxy", () => {
    expect(zeroKeyError(spec('ZUNION'), reader(['ZUNION', '0', 'a']))).toBe(
      "ERR at least 1 input key is needed for 'zunion' command",
    );
    expect(zeroKeyError(spec('XREAD'), reader(['XREAD', 'COUNT', '1', 'a', 'b']))).toBe('ERR syntax error');
    expect(zeroKeyError(spec('EVAL'), reader(['EVAL', 's', '0']))).toBeNull();
  });

  it('counts keys without building index arrays (argument caps)', () => {
    expect(keyCount(spec('MSET'), reader(['MSET', 'a', '1', 'b', '2']))).toBe(2);
    expect(keyCount(spec('ZUNIONSTORE'), reader(['ZUNIONSTORE', 'd', '3', 'a', 'b', 'c']))).toBe(4);
    expect(keyCount(spec('XREAD'), reader(['XREAD', 'STREAMS', 'a', 'b', 'c', '0', '0', '0']))).toBe(3);
  });

  it('gives each key the flags of the spec that found it (GETKEYSANDFLAGS)', () => {
    expect(keysWithFlags(spec('LMOVE'), reader(['LMOVE', 'a', 'b', 'LEFT', 'LEFT']))).toEqual([
      { pos: 1, flags: ['RW', 'access', 'delete'] },
      { pos: 2, flags: ['RW', 'insert'] },
    ]);
  });

  it("takes read/write from Redis's flags, unknown commands count as writes", () => {
    expect(isReadCommand('TOUCH')).toBe(true);
    expect(isReadCommand('ZUNION')).toBe(true);
    expect(isReadCommand('EVAL_RO')).toBe(true);
    expect(isReadCommand('XRANGE')).toBe(true);
    expect(isReadCommand('XADD')).toBe(false);
    expect(isReadCommand('EVAL')).toBe(false);
    expect(isReadCommand('NOSUCH')).toBe(false);
    expect(spec('XGROUP').write).toBe(true);
    expect(spec('OBJECT').write).toBe(false);
  });

  it('states a serving for every command: forwarded data commands, local, refused with a reason', () => {
    for (const c of allCommands()) {
      if (c.serving === 'refused') expect(c.note, c.name).toBeTruthy();
    }
    for (const n of [
      'XADD',
      'GEOADD',
      'BITOP',
      'BITFIELD_RO',
      'PFMERGE',
      'LMPOP',
      'ZMPOP',
      'SINTERCARD',
      'ZINTERCARD',
      'SORT',
      'SORT_RO',
      'TOUCH',
      'COPY',
      'OBJECT',
      'MEMORY',
    ]) {
      expect(spec(n).serving, n).toBe('forward');
    }
    expect(spec('TIME').serving).toBe('local');
    expect(spec('COMMAND').serving).toBe('local');
    expect(spec('MEMORY').subcommands!.get('DOCTOR')!.serving).toBe('refused');
    expect(spec('FLUSHALL').note).toBe(REFUSED_COMMANDS.get('FLUSHALL'));
    expect(spec('ACL').serving).toBe('refused');
  });

  // Blocking, pub/sub and SCAN were refused until the proxy served them on connections of its own
  // (apps/proxy/src/blocking/, pubsub/, scan/): now served with their conditions; KEYS & co. point to SCAN.
  it('serves blocking, pub/sub and SCAN with their conditions; enumerating commands stay refused', () => {
    for (const n of [
      'BLPOP',
      'BZPOPMIN',
      'BLMPOP',
      'XREAD',
      'XREADGROUP',
      'SUBSCRIBE',
      'PSUBSCRIBE',
      'SSUBSCRIBE',
      'PUBLISH',
      'SPUBLISH',
      'UNSUBSCRIBE',
      'PUBSUB',
      'SCAN',
    ]) {
      expect(spec(n).serving, n).toBe('forward');
    }
    expect(spec('BLPOP').note).toMatch(/dedicated backend connection/);
    expect(spec('SCAN').note).toMatch(/every instance/);
    expect(spec('PUBSUB').subcommands!.get('NUMSUB')!.serving).toBe('forward');
    expect(keys('BLPOP', 'a', 'b', '0')).toEqual([1, 2]);
    expect(keys('XREAD', 'BLOCK', '0', 'STREAMS', 'a', 'b', '$', '$')).toEqual([4, 5]);
    expect(spec('PUBLISH').write).toBe(false);
    for (const n of ['KEYS', 'DBSIZE', 'RANDOMKEY']) expect(spec(n).note, n).toMatch(/use SCAN/);
  });

  it('names the key a SORT BY/GET pattern reads, or none', () => {
    expect(sortPatternKey('w_*')).toBe('w_*');
    expect(sortPatternKey('h_*->field')).toBe('h_*');
    expect(sortPatternKey('#')).toBeNull();
    expect(sortPatternKey('nosort')).toBeNull();
  });
});
