/**
 * Backfill's fast write: RESTORE each key (with its remaining TTL) only when absent, so a
 * key the dual-write created first is never overwritten. For a key that exists, the DUMP
 * payload's first byte (the RDB object type) says whether there is anything to merge:
 * strings and lists are whole values the dual-write already replaced (skip); hashes, sets
 * and zsets take the per-type merge path (write-if-absent.lua.ts).
 * Returns per key: 1 restored, 0 exists (nothing to do), 2 exists (merge), -1 RESTORE
 * refused the payload (e.g. an older target Redis; falls back to the merge path too).
 */
import { LuaScript } from './script.ts';

// RDB object types: 0 string; 1, 10, 14, 18 list encodings.
export const RESTORE_IF_ABSENT = new LuaScript(
  'restore-if-absent',
  `
local whole = { [0] = true, [1] = true, [10] = true, [14] = true, [18] = true }
local res = {}
for i = 1, #KEYS do
  local payload = ARGV[2 * i]
  if redis.call('EXISTS', KEYS[i]) == 1 then
    if whole[string.byte(payload, 1)] then res[i] = 0 else res[i] = 2 end
  else
    local r = redis.pcall('RESTORE', KEYS[i], ARGV[2 * i - 1], payload)
    if type(r) == 'table' and r.err then res[i] = -1 else res[i] = 1 end
  end
end
return res
`,
);
