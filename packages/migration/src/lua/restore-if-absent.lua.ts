/**
 * Backfill's fast write: RESTORE each key (with its remaining TTL) only when absent, so a
 * key the dual-write created first is never overwritten. ARGV[1] is the packed reply of
 * dump-records.lua.ts for the same KEYS, in the same order. For a key that exists, the DUMP
 * payload's first byte (the RDB object type) says whether there is anything to merge:
 * strings and lists are whole values the dual-write already replaced (skip); hashes, sets
 * and zsets take the per-type merge path (write-if-absent.lua.ts), unless the target's own
 * DUMP is the same bytes (a resumed or repeated backfill): then there is nothing to merge,
 * only the source's TTL to apply where the target has none, as the merge path would.
 * Returns one character per key: '1' restored, '0' exists (nothing to do), '2' exists
 * (merge), 't' exists with the same value, TTL applied, 'r' RESTORE refused the payload
 * (e.g. an older target Redis; merge path too),
 * 'g' gone from the source meanwhile, 'b' too big to DUMP inline (chunked path).
 */
import { LuaScript } from './script.ts';

// RDB object types: 0 string; 1, 10, 14, 18 list encodings.
export const RESTORE_IF_ABSENT = new LuaScript(
  'restore-packed',
  `
local whole = { [0] = true, [1] = true, [10] = true, [14] = true, [18] = true }
local blob = ARGV[1]
local pos = 1
local res = {}
for i = 1, #KEYS do
  local pttl, len
  pttl, len, pos = struct.unpack('>di4', blob, pos)
  if pttl == -2 then res[i] = 'g'
  elseif len < 0 then res[i] = 'b'
  else
    if redis.call('EXISTS', KEYS[i]) == 1 then
      if whole[string.byte(blob, pos)] then res[i] = '0'
      elseif redis.call('DUMP', KEYS[i]) ~= string.sub(blob, pos, pos + len - 1) then res[i] = '2'
      elseif pttl >= 0 and redis.call('PTTL', KEYS[i]) == -1 then
        redis.call('PEXPIRE', KEYS[i], math.max(1, pttl))
        res[i] = 't'
      else res[i] = '0' end
    else
      local ttl = 0
      if pttl >= 0 then ttl = math.max(1, pttl) end
      local r = redis.pcall('RESTORE', KEYS[i], ttl, string.sub(blob, pos, pos + len - 1))
      if type(r) == 'table' and r.err then res[i] = 'r' else res[i] = '1' end
    end
    pos = pos + len
  end
end
return table.concat(res)
`,
);
