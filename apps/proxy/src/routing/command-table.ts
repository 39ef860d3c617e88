/**
 * The commands the proxy understands, where their keys are, and how a multi-key command is
 * served: split per instance (MGET/MSET/DEL/...) or only when every key is on one instance.
 */

export type KeySpec =
  | { kind: 'none' }
  /** Keys at args[first..last] stepping by `step`; last < 0 counts from the end. */
  | { kind: 'range'; first: number; last: number; step: number }
  /** `numkeys` at args[at], then that many keys (EVAL, ZUNIONSTORE after a destination). */
  | { kind: 'numkeys'; at: number; before: number };

export type MultiKeyMode =
  /** MGET: array reply, elements reassembled in key order. */
  | 'mget'
  /** MSET: key/value pairs, +OK when every part is +OK. */
  | 'mset'
  /** DEL/EXISTS/UNLINK/TOUCH: integer replies summed. */
  | 'sum'
  /** Every key must route to one instance, else CROSSSLOT. */
  | 'same';

export interface CommandSpec {
  readonly name: string;
  /** Redis arity: n = exactly n args (with the name), -n = at least n. */
  readonly arity: number;
  readonly keys: KeySpec;
  readonly multi: MultiKeyMode;
  readonly write: boolean;
}

const NONE: KeySpec = { kind: 'none' };
const FIRST: KeySpec = { kind: 'range', first: 1, last: 1, step: 1 };
const ALL: KeySpec = { kind: 'range', first: 1, last: -1, step: 1 };
const PAIRS: KeySpec = { kind: 'range', first: 1, last: -1, step: 2 };
const TWO: KeySpec = { kind: 'range', first: 1, last: 2, step: 1 };

const table = new Map<string, CommandSpec>();
/** Shared result for the common single-key case; callers never mutate it. */
const FIRST_ONLY: number[] = [1];

function def(names: string, arity: number, keys: KeySpec, write: boolean, multi: MultiKeyMode = 'same'): void {
  for (const name of names.split(' ')) table.set(name, Object.freeze({ name, arity, keys, multi, write }));
}

// Strings
def('GET STRLEN GETRANGE SUBSTR GETBIT BITCOUNT BITPOS', -2, FIRST, false);
def('SET SETNX SETEX PSETEX GETSET GETDEL GETEX APPEND INCR DECR INCRBY DECRBY INCRBYFLOAT SETRANGE SETBIT', -2, FIRST, true);
def('MGET', -2, ALL, false, 'mget');
def('MSET', -3, PAIRS, true, 'mset');
def('MSETNX', -3, PAIRS, true);
def('PFADD', -2, FIRST, true);
// BITFIELD writes with SET/INCRBY; its offsets are capped (protections/caps.ts).
def('BITFIELD', -2, FIRST, true);
def('BITFIELD_RO', -2, FIRST, false);
def('PFCOUNT', -2, ALL, false);
def('LCS', -3, TWO, false);
// Generic key commands
def('DEL UNLINK', -2, ALL, true, 'sum');
def('EXISTS TOUCH', -2, ALL, false, 'sum');
def('TYPE TTL PTTL EXPIRETIME PEXPIRETIME DUMP', 2, FIRST, false);
def('EXPIRE PEXPIRE EXPIREAT PEXPIREAT', -3, FIRST, true);
def('PERSIST', 2, FIRST, true);
def('RESTORE', -4, FIRST, true);
def('RENAME RENAMENX COPY', -3, TWO, true);
// OBJECT ENCODING|FREQ|IDLETIME|REFCOUNT <key>
def('OBJECT', 3, { kind: 'range', first: 2, last: 2, step: 1 }, false);
// Hashes
def('HGET HMGET HGETALL HKEYS HVALS HLEN HEXISTS HSTRLEN HSCAN HRANDFIELD', -2, FIRST, false);
def('HSET HSETNX HMSET HDEL HINCRBY HINCRBYFLOAT', -3, FIRST, true);
// Lists
def('LRANGE LLEN LINDEX LPOS', -2, FIRST, false);
def('LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LSET LREM LTRIM LINSERT', -2, FIRST, true);
def('RPOPLPUSH LMOVE', -3, TWO, true);
// Sets
def('SMEMBERS SISMEMBER SMISMEMBER SCARD SRANDMEMBER SSCAN', -2, FIRST, false);
def('SADD SREM SPOP', -2, FIRST, true);
def('SINTER SUNION SDIFF', -2, ALL, false);
def('SINTERSTORE SUNIONSTORE SDIFFSTORE', -3, ALL, true);
def('SMOVE', 4, TWO, true);
// Sorted sets
def('ZRANGE ZRANGEBYSCORE ZREVRANGE ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX ZSCORE ZMSCORE ZCARD ZCOUNT ZLEXCOUNT ZRANK ZREVRANK ZSCAN ZRANDMEMBER', -2, FIRST, false);
def('ZADD ZREM ZINCRBY ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX ZPOPMIN ZPOPMAX', -2, FIRST, true);
def('ZUNIONSTORE ZINTERSTORE ZDIFFSTORE', -4, { kind: 'numkeys', at: 2, before: 1 }, true);
def('ZUNION ZINTER ZDIFF', -3, { kind: 'numkeys', at: 1, before: 0 }, false);
def('ZRANGESTORE', -5, TWO, true);
// Scripting: keys follow numkeys.
def('EVAL EVALSHA', -3, { kind: 'numkeys', at: 2, before: 0 }, true);
def('EVAL_RO EVALSHA_RO', -3, { kind: 'numkeys', at: 2, before: 0 }, false);
def('FCALL', -3, { kind: 'numkeys', at: 2, before: 0 }, true);
def('FCALL_RO', -3, { kind: 'numkeys', at: 2, before: 0 }, false);
// SCRIPT LOAD | EXISTS fan out to every instance (commands/script.ts); other subcommands are refused.
def('SCRIPT', -2, NONE, false);
// Transactions: WATCH takes keys; the others are handled by the session.
def('WATCH', -2, ALL, false);
// Issue 13 (apps/proxy/src/blocking/, pubsub/, scan/): run by their own modules after admission.
def('BLPOP BRPOP BZPOPMIN BZPOPMAX', -3, { kind: 'range', first: 1, last: -2, step: 1 }, true);
def('BRPOPLPUSH', 4, TWO, true);
def('BLMOVE', 6, TWO, true);
def('BLMPOP BZMPOP', -5, { kind: 'numkeys', at: 2, before: 0 }, true);
// Keys follow STREAMS (blocking-keys.ts finds them).
def('XREAD', -4, NONE, false);
def('XREADGROUP', -7, NONE, true);
// Channels are routed and permitted like keys.
def('PUBLISH SPUBLISH', 3, FIRST, false);
def('SUBSCRIBE PSUBSCRIBE SSUBSCRIBE', -2, NONE, false);
def('UNSUBSCRIBE PUNSUBSCRIBE SUNSUBSCRIBE', -1, NONE, false);
def('PUBSUB', -2, NONE, false);
def('SCAN', -2, NONE, false);
// Proxy commands, answered by apps/proxy/src/commands/ after auth and protections (no key routes them).
def('SY.NEWID', -2, NONE, true);

/** Handled by the proxy itself, never forwarded. */
export const LOCAL_COMMANDS: ReadonlySet<string> = new Set([
  'AUTH', 'HELLO', 'PING', 'ECHO', 'QUIT', 'SELECT', 'CLIENT', 'INFO', 'COMMAND', 'MULTI', 'EXEC', 'DISCARD', 'UNWATCH', 'RESET',
]);

/**
 * Refused for every caller: they act on a whole instance (not a key), stop or reconfigure it,
 * or would block a shared backend connection.
 */
export const DANGEROUS_COMMANDS: ReadonlySet<string> = new Set([
  'FLUSHALL', 'FLUSHDB', 'KEYS', 'CONFIG', 'DEBUG', 'SHUTDOWN', 'MONITOR', 'SLAVEOF', 'REPLICAOF',
  'CLUSTER', 'SAVE', 'BGSAVE', 'BGREWRITEAOF', 'MIGRATE', 'MODULE', 'ACL', 'FAILOVER', 'SYNC', 'PSYNC',
  'SWAPDB', 'MOVE', 'LASTSAVE', 'FUNCTION', 'LATENCY', 'SLOWLOG', 'RANDOMKEY', 'DBSIZE', 'WAIT',
]);

/** Refused because they enumerate a whole instance; their error points to SCAN (issue 13 §5). */
export const ENUMERATING_COMMANDS: ReadonlySet<string> = new Set(['KEYS', 'DBSIZE', 'RANDOMKEY']);

/**
 * Commands that run caller-supplied code on a backend (issue 14). They need an explicit grant
 * (core's EXPLICIT_GRANT_COMMANDS), run only on instances with a managed data user, and are
 * watched by the runaway-script budget.
 */
export const SCRIPT_COMMANDS: ReadonlySet<string> = new Set(['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO']);

/** The SCRIPT subcommands a caller may send; FLUSH, KILL, DEBUG stay with operators. */
export const SCRIPT_SUBCOMMANDS: ReadonlySet<string> = new Set(['LOAD', 'EXISTS']);

export function commandSpec(name: string): CommandSpec | undefined {
  return table.get(name);
}

/** What key extraction needs from a request: its size and, for numkeys, one argument. */
export interface ArgReader {
  readonly argc: number;
  latin1(i: number): string;
}

/** Argument indices of the keys, or null when the argument count does not fit the spec. */
export function keyIndices(spec: CommandSpec, command: ArgReader): number[] | null {
  const argc = command.argc;
  const k = spec.keys;
  if (k.kind === 'none') return [];
  if (k.kind === 'range') {
    const last = k.last < 0 ? argc + k.last : k.last;
    if (last >= argc) return null;
    if (k.step === 2 && (argc - 1) % 2 !== 0) return null;
    if (k.first === last) return k.first === 1 ? FIRST_ONLY : [k.first];
    const out: number[] = [];
    for (let i = k.first; i <= last; i += k.step) out.push(i);
    return out;
  }
  if (k.at >= argc) return null;
  const n = Number(command.latin1(k.at));
  if (!Number.isInteger(n) || n < 0 || k.at + n > argc - 1) return null;
  const out: number[] = [];
  for (let i = 1; i <= k.before; i++) out.push(i);
  for (let i = 0; i < n; i++) out.push(k.at + 1 + i);
  return out;
}

export function arityOk(spec: CommandSpec, argc: number): boolean {
  return spec.arity >= 0 ? argc === spec.arity : argc >= -spec.arity;
}

/** For COMMAND COUNT: forwarded commands plus the ones the proxy answers itself. */
export function commandCount(): number {
  return table.size + LOCAL_COMMANDS.size;
}
