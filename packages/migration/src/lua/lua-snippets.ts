/**
 * Lua functions shared by several scripts, so the digest a reconciliation compares is
 * byte-for-byte the digest the value-CAS checks, and every writer lays a record out alike.
 *
 * A record travels as ARGV: type, pttl, n, then n items (string: the value; hash: field,
 * value…; zset: member, score… as ZRANGE WITHSCORES returns them; set/list: members).
 */

/**
 * digestOf(key) → type, ttlFlag (1 when the key expires), digest. Sets and hashes use an
 * order-independent sum of per-element SHA1 lanes, so no sort (and no locale-dependent
 * string collation) is needed; lists and zsets are ordered by Redis already.
 */
export const DIGEST_LUA = `
local function addLanes(acc, s)
  local h = redis.sha1hex(s)
  for l = 1, 4 do acc[l] = (acc[l] + tonumber(string.sub(h, l * 7 - 6, l * 7), 16)) % 268435456 end
end
local function digestOf(key)
  local t = redis.call('TYPE', key)['ok']
  if t == 'none' then return t, 0, '' end
  local ttl = 0
  if redis.call('PTTL', key) > 0 then ttl = 1 end
  local d
  if t == 'string' then
    d = redis.sha1hex(redis.call('GET', key))
  elseif t == 'list' or t == 'zset' then
    local items
    if t == 'list' then items = redis.call('LRANGE', key, 0, -1) else items = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES') end
    local parts = {}
    for i = 1, #items do parts[i] = #items[i] .. ':' .. items[i] end
    d = #items .. ':' .. redis.sha1hex(table.concat(parts))
  elseif t == 'hash' or t == 'set' then
    local acc = {0, 0, 0, 0}
    local items
    if t == 'hash' then
      items = redis.call('HGETALL', key)
      for i = 1, #items, 2 do addLanes(acc, #items[i] .. ':' .. items[i] .. items[i + 1]) end
    else
      items = redis.call('SMEMBERS', key)
      for i = 1, #items do addLanes(acc, items[i]) end
    end
    d = #items .. ':' .. acc[1] .. ':' .. acc[2] .. ':' .. acc[3] .. ':' .. acc[4]
  elseif t == 'stream' then
    local last = redis.call('XREVRANGE', key, '+', '-', 'COUNT', 1)
    local id = ''
    if #last > 0 then id = last[1][1] end
    d = redis.call('XLEN', key) .. ':' .. id
  else
    d = 'unsupported'
  end
  return t, ttl, d
end
-- Same result as digestOf; a key type declared 'string' skips the TYPE call (GET tells).
local function digestHinted(key, hint)
  if hint == 's' then
    local v = redis.pcall('GET', key)
    if v == false then return 'none', 0, '' end
    if type(v) == 'string' then
      local ttl = 0
      if redis.call('PTTL', key) > 0 then ttl = 1 end
      return 'string', ttl, redis.sha1hex(v)
    end
  end
  return digestOf(key)
end
`;

/** writeFresh(key, type, first, last): writes ARGV[first..last] onto an absent key. */
export const WRITE_FRESH_LUA = `
local function zaddPairs(key, flag, first, last)
  local added = 0
  for j = first, last, 512 do
    local args = {}
    if flag then args[1] = flag end
    for x = j, math.min(j + 511, last), 2 do
      args[#args + 1] = ARGV[x + 1]
      args[#args + 1] = ARGV[x]
    end
    added = added + redis.call('ZADD', key, unpack(args))
  end
  return added
end
local function writeFresh(key, t, first, last)
  if t == 'string' then
    redis.call('SET', key, ARGV[first])
  elseif t == 'hash' then
    for j = first, last, 256 do redis.call('HSET', key, unpack(ARGV, j, math.min(j + 255, last))) end
  elseif t == 'set' then
    for j = first, last, 256 do redis.call('SADD', key, unpack(ARGV, j, math.min(j + 255, last))) end
  elseif t == 'list' or t == 'listappend' then
    for j = first, last, 256 do redis.call('RPUSH', key, unpack(ARGV, j, math.min(j + 255, last))) end
  elseif t == 'zset' then
    zaddPairs(key, nil, first, last)
  else
    return false
  end
  return true
end
`;

/** seqLess(a, b): the big-endian uint64 in a's first 8 bytes is smaller than b's (bytewise, no locale). */
export const SEQ_LESS_LUA = `
local function seqLess(a, b)
  for i = 1, 8 do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return false
end
`;
