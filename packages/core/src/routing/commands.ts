/**
 * Which data commands write. A write goes to every instance in `writes` (dual-write); a read
 * goes to `read`. Unknown commands count as writes: sending a write to the old instance
 * only would silently lose it during a migration, while a read sent to both is harmless.
 */
const READ_COMMANDS = new Set([
  'GET', 'MGET', 'STRLEN', 'GETRANGE', 'EXISTS', 'TTL', 'PTTL', 'TYPE', 'EXPIRETIME', 'PEXPIRETIME',
  'HGET', 'HMGET', 'HGETALL', 'HKEYS', 'HVALS', 'HLEN', 'HEXISTS', 'HSTRLEN', 'HSCAN', 'HRANDFIELD',
  'LRANGE', 'LLEN', 'LINDEX', 'LPOS',
  'SMEMBERS', 'SISMEMBER', 'SMISMEMBER', 'SCARD', 'SRANDMEMBER', 'SSCAN', 'SINTER', 'SUNION', 'SDIFF', 'SINTERCARD',
  'ZRANGE', 'ZRANGEBYSCORE', 'ZREVRANGE', 'ZREVRANGEBYSCORE', 'ZRANGEBYLEX', 'ZREVRANGEBYLEX', 'ZSCORE', 'ZMSCORE',
  'ZCARD', 'ZCOUNT', 'ZLEXCOUNT', 'ZRANK', 'ZREVRANK', 'ZSCAN', 'ZRANDMEMBER',
  'GETBIT', 'BITCOUNT', 'BITPOS', 'PFCOUNT', 'DUMP', 'OBJECT', 'MEMORY', 'XRANGE', 'XREVRANGE', 'XLEN', 'XREAD', 'XINFO',
  'GEOPOS', 'GEODIST', 'GEOHASH', 'GEOSEARCH', 'SORT_RO', 'LCS', 'SUBSTR',
]);

export function isReadCommand(command: string): boolean {
  return READ_COMMANDS.has(command.toUpperCase());
}

export function isWriteCommand(command: string): boolean {
  return !isReadCommand(command);
}

/**
 * Commands a caller's `*` does not grant (issue 14): they run caller-supplied code (scripts,
 * SCRIPT LOAD/EXISTS) or bytes (RESTORE) on a backend. A caller needs each one listed by name.
 */
export const EXPLICIT_GRANT_COMMANDS: ReadonlySet<string> = new Set([
  'EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO', 'SCRIPT', 'RESTORE',
]);

/** Whether a caller with these compiled grants may run `command` (upper-case). */
export function callerMayRun(caller: { readonly commands: ReadonlySet<string> | null; readonly granted: ReadonlySet<string> }, command: string): boolean {
  if (EXPLICIT_GRANT_COMMANDS.has(command)) return caller.granted.has(command);
  return caller.commands === null || caller.commands.has(command);
}
