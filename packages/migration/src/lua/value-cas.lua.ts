/**
 * Plain-value repair (seed 001 §8.3.3.1): overwrite the key with the truth side's record
 * only while it still has the digest we compared against ("type|ttlFlag|digest", ARGV[1]);
 * otherwise another writer got there first and we back off. Record in ARGV[2..]: type, pttl,
 * n, items; type 'none' deletes. Returns 1 repaired, 0 refused.
 */
import { DIGEST_LUA, WRITE_FRESH_LUA } from './lua-snippets.ts';
import { LuaScript } from './script.ts';

export const VALUE_CAS = new LuaScript(
  'value-cas',
  `${DIGEST_LUA}${WRITE_FRESH_LUA}
local key = KEYS[1]
local t, ttl, d = digestOf(key)
if (t .. '|' .. ttl .. '|' .. d) ~= ARGV[1] then return 0 end
redis.call('DEL', key)
local rt = ARGV[2]
local pttl = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
if rt ~= 'none' and n > 0 then
  writeFresh(key, rt, 5, 4 + n)
  if pttl > 0 then redis.call('PEXPIRE', key, pttl) end
end
return 1
`,
);
