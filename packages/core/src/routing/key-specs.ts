/**
 * Key positions from Redis 7's key specs, as Redis's getKeysUsingKeySpecs finds them, and the
 * error text Redis gives when the arguments do not fit them.
 */
import type { ArgReader, CommandSpec } from './commands.ts';
import type { RedisKeySpecRaw } from './redis-spec-types.ts';

const INT = /^-?\d+$/;

/** Where a spec's search begins, or -1 when its keyword is absent (the spec finds nothing). */
function beginOf(s: RedisKeySpecRaw, reader: ArgReader): number {
  const b = s.begin;
  if (b === null) return -1;
  if ('index' in b) return b.index;
  const argc = reader.argc;
  const start = b.startfrom > 0 ? b.startfrom : argc + b.startfrom;
  const end = b.startfrom > 0 ? argc - 1 : 1;
  const up = start <= end;
  for (let i = start; up ? i <= end : i >= end; i += up ? 1 : -1) {
    if (i >= argc || i < 1) break;
    if (reader.latin1(i).toUpperCase() === b.keyword) return i + 1;
  }
  return -1;
}

interface Bounds {
  first: number;
  last: number;
  step: number;
}

/** One spec's key positions as first..last by step; null when the arguments do not fit it (Redis: invalid spec). */
function boundsOf(s: RedisKeySpecRaw, reader: ArgReader): Bounds | null {
  const argc = reader.argc;
  let first = beginOf(s, reader);
  // A missing keyword finds nothing; INCOMPLETE specs are handled by the command's own rules.
  if (first < 0 || s.find === null) return { first: 1, last: 0, step: 1 };
  if ('lastkey' in s.find) {
    const f = s.find;
    const step = Math.max(1, f.keystep);
    if (f.lastkey >= 0) return { first, last: first + f.lastkey, step };
    if (f.limit <= 1) {
      // Key/value pairs to the end (MSET): an odd tail is Redis's arity error.
      if (step > 1 && (argc - first) % step !== 0) return null;
      return { first, last: argc + f.lastkey, step };
    }
    // XREAD STREAMS k1 k2 id1 id2: keys are the first 1/limit of the tail.
    if ((argc - first) % f.limit !== 0) return null;
    return { first, last: first + Math.floor((argc - first) / f.limit) + f.lastkey, step };
  }
  const at = first + s.find.keynumidx;
  if (at >= argc) return null;
  const text = reader.latin1(at);
  if (!INT.test(text)) return null;
  const n = Number(text);
  if (n < 0) return null;
  first += s.find.firstkey;
  const step = Math.max(1, s.find.keystep);
  return { first, last: first + (n - 1) * step, step };
}

function addKeys(s: RedisKeySpecRaw, reader: ArgReader, out: number[]): boolean {
  const b = boundsOf(s, reader);
  if (b === null) return false;
  for (let i = b.first; i <= b.last; i += b.step) {
    if (i >= reader.argc) return false;
    out.push(i);
  }
  return true;
}

/** How many keys the request names without building an index array (argument caps); invalid → 0. */
export function keyCount(spec: CommandSpec, reader: ArgReader): number {
  if (spec.fixedKeys !== null && spec.subcommands === null) return spec.fixedKeys.length;
  if (spec.subcommands !== null) return keyIndices(spec, reader)?.length ?? 0;
  let n = 0;
  for (const s of spec.keySpecs) {
    const b = boundsOf(s, reader);
    if (b !== null && b.last >= b.first) n += Math.floor((Math.min(b.last, reader.argc - 1) - b.first) / b.step) + 1;
  }
  return n;
}

/**
 * Argument indices of the keys, or null when the arguments do not fit the command's key
 * specs (keyError says how Redis words it). Containers resolve their subcommand first.
 */
export function keyIndices(spec: CommandSpec, reader: ArgReader): readonly number[] | null {
  const fixed = spec.fixedKeys;
  if (fixed !== null) {
    if (spec.subcommands === null) return fixed.length === 0 || fixed[fixed.length - 1]! < reader.argc ? fixed : null;
    const sub = reader.argc < 2 ? undefined : spec.subcommands.get(reader.latin1(1).toUpperCase());
    return sub === undefined ? [] : keyIndices(sub, reader);
  }
  const out: number[] = [];
  for (const s of spec.keySpecs) if (!addKeys(s, reader, out)) return null;
  if (spec.name === 'SORT') {
    const store = sortOptions(reader).store;
    if (store !== null) out.push(store);
  }
  // Specs may overlap (SORT's STORE after its source); Redis lists each position once per spec.
  return out.length > 1 ? [...new Set(out)].sort((a, b) => a - b) : out;
}

/**
 * COMMAND GETKEYSANDFLAGS: each key position with the flags of the spec that found it, or null
 * when the arguments do not fit the specs.
 */
export function keysWithFlags(
  spec: CommandSpec,
  reader: ArgReader,
): { pos: number; flags: readonly string[] }[] | null {
  const out: { pos: number; flags: readonly string[] }[] = [];
  for (const s of spec.keySpecs) {
    const at: number[] = [];
    if (!addKeys(s, reader, at)) return null;
    const flags = s.flags.includes('variable_flags') ? variableFlags(spec.name, reader) : s.flags;
    for (const pos of at) out.push({ pos, flags });
  }
  if (out.length === 0 && zeroKeyError(spec, reader) !== null) return null;
  if (spec.name === 'SORT') {
    const store = sortOptions(reader).store;
    const storeSpec = spec.keySpecs.find((s) => s.flags.includes('OW'));
    if (store !== null) out.push({ pos: store, flags: storeSpec?.flags ?? ['OW', 'update'] });
  }
  return out;
}

/** SET and BITFIELD: the flags depend on the options, as Redis's setGetKeys/bitfieldGetKeys decide. */
function variableFlags(name: string, reader: ArgReader): readonly string[] {
  if (name === 'SET') return hasGet(reader) ? ['RW', 'access', 'update'] : ['OW', 'update'];
  for (let i = 2; i < reader.argc; i++) {
    const op = reader.latin1(i).toUpperCase();
    const rest = reader.argc - i - 1;
    if (op === 'GET' && rest >= 2) i += 2;
    else if (op === 'OVERFLOW' && rest >= 1) i += 1;
    else return ['RW', 'access', 'update'];
  }
  return ['RO', 'access'];
}

function hasGet(reader: ArgReader): boolean {
  for (let i = 3; i < reader.argc; i++) if (reader.latin1(i).toUpperCase() === 'GET') return true;
  return false;
}

/** Redis's family of numkeys error texts, by command. */
const NUMKEYS_FAMILY: ReadonlyMap<string, 'eval' | 'zset' | 'card' | 'mpop'> = new Map([
  ...['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO'].map((n) => [n, 'eval'] as const),
  ...['ZUNION', 'ZINTER', 'ZDIFF', 'ZUNIONSTORE', 'ZINTERSTORE', 'ZDIFFSTORE', 'ZINTERCARD'].map(
    (n) => [n, 'zset'] as const,
  ),
  ['SINTERCARD', 'card'],
  ...['LMPOP', 'ZMPOP', 'BLMPOP', 'BZMPOP'].map((n) => [n, 'mpop'] as const),
]);

function numkeysArg(spec: CommandSpec, reader: ArgReader): string {
  for (const s of spec.keySpecs) {
    if (s.begin !== null && 'index' in s.begin && s.find !== null && 'keynumidx' in s.find)
      return reader.latin1(s.begin.index + s.find.keynumidx);
  }
  return '';
}

/** The error Redis 7 replies when keyIndices found the arguments invalid. */
export function keyError(spec: CommandSpec, reader: ArgReader): string {
  const family = NUMKEYS_FAMILY.get(spec.name);
  const lower = spec.name.toLowerCase();
  if (family !== undefined) {
    const text = numkeysArg(spec, reader);
    const n = INT.test(text) ? Number(text) : NaN;
    if (family === 'eval') {
      if (Number.isNaN(n)) return 'ERR value is not an integer or out of range';
      return n < 0 ? "ERR Number of keys can't be negative" : "ERR Number of keys can't be greater than number of args";
    }
    if (family === 'zset') {
      if (Number.isNaN(n)) return 'ERR value is not an integer or out of range';
      return n < 1 ? `ERR at least 1 input key is needed for '${lower}' command` : 'ERR syntax error';
    }
    if (Number.isNaN(n) || n < 1) return 'ERR numkeys should be greater than 0';
    return family === 'card' ? "ERR Number of keys can't be greater than number of args" : 'ERR syntax error';
  }
  if (spec.name === 'XREAD' || spec.name === 'XREADGROUP') {
    for (let i = 1; i < reader.argc; i++) {
      if (reader.latin1(i).toUpperCase() === 'STREAMS') {
        return "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
      }
    }
    return 'ERR syntax error';
  }
  // STORE/STOREDIST as the last argument, with no key after it: Redis's option parser says so.
  if (spec.name === 'GEORADIUS' || spec.name === 'GEORADIUSBYMEMBER') return 'ERR syntax error';
  return `ERR wrong number of arguments for '${lower}' command`;
}

/** Redis rejects these with zero keys itself (ZUNION 0 ..., XREAD without STREAMS); null when it would not. */
export function zeroKeyError(spec: CommandSpec, reader: ArgReader): string | null {
  const family = NUMKEYS_FAMILY.get(spec.name);
  if (family !== undefined) return family === 'eval' ? null : keyError(spec, reader);
  if (spec.name === 'XREAD' || spec.name === 'XREADGROUP') return 'ERR syntax error';
  return null;
}

/** SORT's options as Redis's sortGetKeys walks them: the last STORE, and BY/GET patterns. */
export function sortOptions(reader: ArgReader): { store: number | null; patterns: number[] } {
  let store: number | null = null;
  const patterns: number[] = [];
  for (let i = 2; i < reader.argc; i++) {
    const a = reader.latin1(i).toUpperCase();
    if (a === 'LIMIT') i += 2;
    else if ((a === 'BY' || a === 'GET') && i + 1 < reader.argc) patterns.push(++i);
    else if (a === 'STORE' && i + 1 < reader.argc) store = i + 1;
  }
  return { store, patterns };
}

/**
 * The key a SORT BY/GET pattern names, routed like any key: the pattern up to a `->field`
 * suffix. Null when the pattern names no key (no `*`, or GET #), as Redis then reads nothing.
 */
export function sortPatternKey(pattern: string): string | null {
  if (pattern === '#' || !pattern.includes('*')) return null;
  const arrow = pattern.indexOf('->', pattern.indexOf('*'));
  return arrow > 0 ? pattern.slice(0, arrow) : pattern;
}
