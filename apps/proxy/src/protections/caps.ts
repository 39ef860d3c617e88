/**
 * Issue 14 argument caps, checked before routing (and at MULTI queue time): a small request
 * must not make a backend build a huge reply (count arguments), allocate a huge string
 * (offsets) or make the worker plan a huge fan-out (keys per request). Numbers that do not
 * parse are left to Redis, which answers its own error. COPY into another database is
 * refused like SELECT is.
 */
import { keyCount as coreKeyCount } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import type { Command } from '../resp/command.ts';
import type { CommandSpec } from '../routing/command-table.ts';

export interface CapLimits {
  maxCountArg: number;
  maxOffsetBytes: number;
  maxKeysPerRequest: number;
}

/** Cap names as they appear in switchyard_cap_refusals_total{cap}. */
export type CapName =
  | 'count'
  | 'offset'
  | 'keys'
  | 'reply_bytes'
  | 'output_buffer'
  | 'connections_worker'
  | 'connections_caller'
  | 'unauth_timeout'
  | 'watch_connections'
  | 'blocking_connections'
  | 'pubsub_connections';

/** Refusals per cap in this process; ProxyStats reports them. */
export class CapCounters {
  readonly counts = new Map<CapName, number>();

  note(cap: CapName): void {
    this.counts.set(cap, (this.counts.get(cap) ?? 0) + 1);
  }

  get(cap: CapName): number {
    return this.counts.get(cap) ?? 0;
  }
}

/** Commands whose args[2] is a count (negative = with repetition, as many as asked). */
const COUNT_AT_2: readonly string[] = [
  'SRANDMEMBER',
  'ZRANDMEMBER',
  'HRANDFIELD',
  'SPOP',
  'LPOP',
  'RPOP',
  'ZPOPMIN',
  'ZPOPMAX',
];
/** Commands with a `COUNT n` option somewhere after the key (the SCANs block a backend per step). */
const COUNT_OPTION: readonly string[] = [
  'SSCAN',
  'HSCAN',
  'ZSCAN',
  'LPOS',
  'LMPOP',
  'ZMPOP',
  'SCAN',
  'BLMPOP',
  'BZMPOP',
  'XREAD',
  'XREADGROUP',
];
/** Where each capped command's count is: one map lookup per request instead of one per list. */
const COUNT_AT: ReadonlyMap<string, 'arg2' | 'option'> = new Map([
  ...COUNT_AT_2.map((name) => [name, 'arg2'] as const),
  ...COUNT_OPTION.map((name) => [name, 'option'] as const),
]);

/** An error reply when the request exceeds a cap (counted), else null. */
export function checkCaps(
  limits: CapLimits,
  counters: CapCounters,
  spec: CommandSpec,
  command: Command,
): Buffer | null {
  const name = spec.name;
  const keys = keyCount(spec, command);
  if (keys > limits.maxKeysPerRequest)
    return refuse(counters, 'keys', errorReply('CAP_KEYS', name, keys, limits.maxKeysPerRequest));
  const count = COUNT_AT.get(name);
  if (
    count === 'arg2' &&
    command.argc > 2 &&
    tooLarge(command.latin1(2), limits.maxCountArg) &&
    !redisRefusesCount(name, command)
  ) {
    return refuse(counters, 'count', errorReply('CAP_COUNT', name, limits.maxCountArg));
  }
  if (count === 'option' && countOptionTooLarge(command, limits.maxCountArg, name === 'XREAD' ? 1 : 2))
    return refuse(counters, 'count', errorReply('CAP_COUNT', name, limits.maxCountArg));
  if (
    (name === 'SETRANGE' || name === 'SETBIT' || name === 'BITFIELD') &&
    offsetTooLarge(name, command, limits.maxOffsetBytes)
  ) {
    // Past Redis's own limit the request gets Redis's own error, not the proxy's cap.
    const redis = redisOffsetError(name, command);
    if (redis !== null) return errorReply('REDIS', redis);
    return refuse(counters, 'offset', errorReply('CAP_OFFSET', name, limits.maxOffsetBytes));
  }
  if (name === 'COPY' && copiesToOtherDb(command)) return errorReply('SELECT_DB');
  return null;
}

function refuse(counters: CapCounters, cap: CapName, reply: Buffer): Buffer {
  counters.note(cap);
  return reply;
}

/** How many keys the request names, from its argument count alone (no index array is built). */
export function keyCount(spec: CommandSpec, command: Command): number {
  return coreKeyCount(spec, command);
}

/** True when `text` is a number whose magnitude exceeds `max` (±, so SRANDMEMBER -n counts). */
function tooLarge(text: string, max: number): boolean {
  const n = Number(text);
  return Number.isFinite(n) ? Math.abs(n) > max : /^[+-]?\d+$/.test(text);
}

function countOptionTooLarge(command: Command, max: number, from: number): boolean {
  for (let i = from; i + 1 < command.argc; i++) {
    if (command.latin1(i).toUpperCase() === 'COUNT' && tooLarge(command.latin1(i + 1), max)) return true;
  }
  return false;
}

/** The string length the write would reach, compared with the cap. */
function offsetTooLarge(name: string, command: Command, maxBytes: number): boolean {
  if (command.argc < 3) return false;
  if (name === 'SETRANGE') {
    const offset = Number(command.latin1(2));
    const valueLength = command.argc > 3 ? command.arg(3).length : 0;
    // An empty value writes nothing: Redis answers the length and grows nothing.
    return valueLength > 0 && Number.isFinite(offset) && offset + valueLength > maxBytes;
  }
  if (name === 'SETBIT') return bitsTooLarge(Number(command.latin1(2)) + 1, maxBytes);
  return bitfieldTooLarge(command, maxBytes);
}

/**
 * The *RANDMEMBER/HRANDFIELD counts Redis itself refuses ("value is out of range"): past
 * ±LONG_MAX, or ±LONG_MAX/2 with WITHSCORES/WITHVALUES. Such a request cannot produce a large
 * reply, so Redis answers it with its own error instead of the proxy's cap. BigInt: doubles
 * cannot tell -9223372036854775808 from -LONG_MAX.
 */
function redisRefusesCount(name: string, command: Command): boolean {
  if (name !== 'SRANDMEMBER' && name !== 'ZRANDMEMBER' && name !== 'HRANDFIELD') return false;
  const text = command.latin1(2);
  if (!/^[+-]?\d{1,40}$/.test(text)) return false;
  const n = BigInt(text);
  const limit = command.argc > 3 ? 4611686018427387903n : 9223372036854775807n;
  return n > limit || n < -limit;
}

/** Redis's proto-max-bulk-len default: a string never grows past it. */
const REDIS_MAX_STRING_BYTES = 512 * 1024 * 1024;

/** Redis 7's error for a SETRANGE/SETBIT offset beyond its own string limit (or negative); else null. */
function redisOffsetError(name: string, command: Command): string | null {
  const offset = Number(command.latin1(2));
  if (name === 'SETBIT')
    return offset < 0 || offset / 8 >= REDIS_MAX_STRING_BYTES
      ? 'ERR bit offset is not an integer or out of range'
      : null;
  if (name !== 'SETRANGE') return null;
  if (offset < 0) return 'ERR offset is out of range';
  return offset + command.arg(3).length > REDIS_MAX_STRING_BYTES
    ? 'ERR string exceeds maximum allowed size (proto-max-bulk-len)'
    : null;
}

function bitsTooLarge(bits: number, maxBytes: number): boolean {
  return Number.isFinite(bits) && Math.ceil(bits / 8) > maxBytes;
}

/** BITFIELD key [GET enc off] [SET enc off v] [INCRBY enc off n] [OVERFLOW x]: `#n` offsets count in units of the width. */
function bitfieldTooLarge(command: Command, maxBytes: number): boolean {
  for (let i = 2; i < command.argc; i++) {
    const op = command.latin1(i).toUpperCase();
    if (op === 'OVERFLOW') {
      i++;
      continue;
    }
    if ((op !== 'GET' && op !== 'SET' && op !== 'INCRBY') || i + 2 >= command.argc) continue;
    const width = Number(command.latin1(i + 1).slice(1));
    const raw = command.latin1(i + 2);
    const offset = raw.startsWith('#') ? Number(raw.slice(1)) * width : Number(raw);
    if (bitsTooLarge(offset + width, maxBytes)) return true;
    i += op === 'GET' ? 2 : 3;
  }
  return false;
}

/** COPY src dst [DB n] [REPLACE]: any n but 0 leaves the proxy's database. */
function copiesToOtherDb(command: Command): boolean {
  for (let i = 3; i + 1 < command.argc; i++) {
    if (command.latin1(i).toUpperCase() === 'DB') return command.latin1(i + 1) !== '0';
  }
  return false;
}
