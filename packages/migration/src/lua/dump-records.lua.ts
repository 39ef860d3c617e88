/**
 * Backfill's fast read: one round trip per batch. Per key the reply holds pttl (-2 = gone
 * meanwhile) and then, for a string, its value wrapped in a one-element array (copied with
 * SET … NX: no RDB encoding, LZF attempt or CRC64 on either side, which DUMP/RESTORE pay on
 * every key; issue 20), for any other type its DUMP payload, or -1 instead of either above
 * ARGV[1] bytes (those keys are copied in chunks). TYPE rather than a GET that may fail:
 * WRONGTYPE errors would show up in the source's error statistics. DUMP/RESTORE copies the
 * other types, streams included, in two calls per key instead of one per element, but needs
 * a target whose RDB version reads the source's (same or newer Redis).
 */
import { LuaScript } from './script.ts';

export const DUMP_RECORDS = new LuaScript('dump-records', `
local limit = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  local t = redis.call('TYPE', KEYS[i])['ok']
  local d = false
  if t == 'string' then
    local v = redis.call('GET', KEYS[i])
    if #v > limit then d = -1 else d = { v } end
  elseif t ~= 'none' then
    d = redis.call('DUMP', KEYS[i])
    if d and #d > limit then d = -1 end
  end
  if not d then
    out[2 * i - 1] = -2
    out[2 * i] = ''
  else
    out[2 * i - 1] = redis.call('PTTL', KEYS[i])
    out[2 * i] = d
  end
end
return out
`);
