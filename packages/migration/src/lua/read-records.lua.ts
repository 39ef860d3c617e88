/**
 * Reads a batch of keys as records (type, pttl, n, items…) in one round trip. Collections
 * above `ARGV[1]` elements come back with n = -1 and are copied in chunks instead, so one
 * big key neither blocks the source for long nor builds a huge reply.
 */
import { LuaScript } from './script.ts';

export const READ_RECORDS = new LuaScript(
  'read-records',
  `
local limit = tonumber(ARGV[1])
local out = {}
local n = 0
local function push(v) n = n + 1; out[n] = v end
for i = 1, #KEYS do
  local key = KEYS[i]
  local t = redis.call('TYPE', key)['ok']
  local items
  if t == 'string' then items = { redis.call('GET', key) }
  elseif t == 'hash' then if redis.call('HLEN', key) <= limit then items = redis.call('HGETALL', key) end
  elseif t == 'set' then if redis.call('SCARD', key) <= limit then items = redis.call('SMEMBERS', key) end
  elseif t == 'zset' then if redis.call('ZCARD', key) <= limit then items = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES') end
  elseif t == 'list' then if redis.call('LLEN', key) <= limit then items = redis.call('LRANGE', key, 0, -1) end
  else items = {} end
  push(t)
  if t == 'none' then push(-2) else push(redis.call('PTTL', key)) end
  if items == nil then
    push(-1)
  else
    push(#items)
    for j = 1, #items do push(items[j]) end
  end
end
return out
`,
);
