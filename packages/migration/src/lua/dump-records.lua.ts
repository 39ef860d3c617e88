/**
 * Backfill's fast read: DUMP and PTTL per key in one round trip. Per key the reply holds
 * pttl (-2 = gone meanwhile) and the payload, or -1 instead of a payload above ARGV[1]
 * bytes (those keys are copied in chunks). DUMP/RESTORE copies every type, streams
 * included, in two calls per key instead of one per element, but needs a target whose RDB
 * version reads the source's (same or newer Redis).
 */
import { LuaScript } from './script.ts';

export const DUMP_RECORDS = new LuaScript(
  'dump-records',
  `
local limit = tonumber(ARGV[1])
local out = {}
for i = 1, #KEYS do
  local d = redis.call('DUMP', KEYS[i])
  if not d then
    out[2 * i - 1] = -2
    out[2 * i] = ''
  else
    out[2 * i - 1] = redis.call('PTTL', KEYS[i])
    if #d > limit then out[2 * i] = -1 else out[2 * i] = d end
  end
end
return out
`,
);
