/**
 * Backfill's writer (seed 001 §8.3.2: dual-write wins every race, so copy "if absent").
 * Per key, from a record in ARGV:
 *   - string: SET … PX only when the key is absent (whole value; a dual-written value is newer);
 *   - list: RPUSH only when the key is absent (order can't be merged); 'listappend' continues
 *     a big list this job created in an earlier chunk;
 *   - hash / set / zset: merge with HSETNX / SADD / ZADD NX, so fields the dual-write already
 *     set keep their newer values while the rest arrives.
 * TTL: a created key gets the source's remaining TTL. A merged collection that has no TTL
 * gets the source's: the dual-write may have created it with a plain HSET/SADD/ZADD before
 * any EXPIRE was dual-written, and without this it would never expire. A merged collection
 * that already has a TTL keeps it: only a dual-written EXPIRE can have set it.
 * A key of another type on the target is left alone and reported (status 3).
 * Returns per key: 0 = nothing to do, 1 = created, 2 = merged, 3 = type conflict.
 */
import { WRITE_FRESH_LUA } from './lua-snippets.ts';
import { LuaScript } from './script.ts';

export const WRITE_IF_ABSENT = new LuaScript(
  'write-if-absent',
  `${WRITE_FRESH_LUA}
local a = 1
local res = {}
for k = 1, #KEYS do
  local key = KEYS[k]
  local t = ARGV[a]
  local pttl = tonumber(ARGV[a + 1])
  local n = tonumber(ARGV[a + 2])
  local first = a + 3
  local last = first + n - 1
  a = last + 1
  local existing = redis.call('TYPE', key)['ok']
  local base = t
  if t == 'listappend' then base = 'list' end
  local status = 0
  if existing == 'none' then
    if n > 0 and writeFresh(key, t, first, last) then
      status = 1
      if pttl > 0 then redis.call('PEXPIRE', key, pttl) end
    end
  elseif existing ~= base then
    status = 3
  elseif t == 'listappend' then
    writeFresh(key, t, first, last)
    status = 2
  elseif t == 'hash' or t == 'set' or t == 'zset' then
    local added = 0
    if t == 'hash' then
      for j = first, last, 2 do added = added + redis.call('HSETNX', key, ARGV[j], ARGV[j + 1]) end
    elseif t == 'set' then
      for j = first, last, 256 do added = added + redis.call('SADD', key, unpack(ARGV, j, math.min(j + 255, last))) end
    else
      added = zaddPairs(key, 'NX', first, last)
    end
    if added > 0 then status = 2 end
    if pttl > 0 and redis.call('PTTL', key) == -1 then
      redis.call('PEXPIRE', key, pttl)
      status = 2
    end
  end
  res[k] = status
end
return res
`,
);
