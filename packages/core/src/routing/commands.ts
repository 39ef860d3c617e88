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
