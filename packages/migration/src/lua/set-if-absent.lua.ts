/**
 * Backfill's fast write for strings: SET … NX with the remaining TTL (ARGV per key: ttl in
 * ms, 0 = persistent; value). A key the dual-write created first is never overwritten, as
 * with RESTORE-if-absent: a string is a whole value the dual-write already replaced.
 * Returns per key: 1 written, 0 exists (nothing to do).
 */
import { LuaScript } from './script.ts';

export const SET_IF_ABSENT = new LuaScript('set-if-absent', `
local res = {}
for i = 1, #KEYS do
  local ttl = tonumber(ARGV[2 * i - 1])
  local r
  if ttl > 0 then r = redis.call('SET', KEYS[i], ARGV[2 * i], 'PX', ttl, 'NX')
  else r = redis.call('SET', KEYS[i], ARGV[2 * i], 'NX') end
  if r then res[i] = 1 else res[i] = 0 end
end
return res
`);
