/**
 * Backfill's fast write: RESTORE each key (with its remaining TTL) only when absent. RESTORE
 * without REPLACE refuses an existing key atomically, so a key the dual-write created first
 * is never overwritten; those come back as 0 and take the per-type merge path
 * (write-if-absent.lua.ts). Returns per key: 1 restored, 0 exists, -1 RESTORE refused the
 * payload (e.g. an older target Redis), which also falls back to the merge path.
 */
import { LuaScript } from './script.ts';

export const RESTORE_IF_ABSENT = new LuaScript('restore-if-absent', `
local res = {}
for i = 1, #KEYS do
  local r = redis.pcall('RESTORE', KEYS[i], ARGV[2 * i - 1], ARGV[2 * i])
  if type(r) == 'table' and r.err then
    if string.find(r.err, 'BUSYKEY', 1, true) then res[i] = 0 else res[i] = -1 end
  else
    res[i] = 1
  end
end
return res
`);
