/**
 * Backfill's fast read: DUMP and PTTL per key, packed into ONE bulk reply that the backfill
 * hands to the target script unopened (restore-if-absent.lua.ts), so Node never splits it
 * into per-key Buffers. Per key, in key order: a header `struct.pack('>di4', pttl, len)`
 * (12 bytes: pttl as a big-endian double, -2 = gone meanwhile; len as int32, -1 = payload
 * above ARGV[1] bytes, copied in chunks instead) and then `len` payload bytes.
 * DUMP/RESTORE copies every type, streams included, in two calls per key instead of one per
 * element, but needs a target whose RDB version reads the source's (same or newer Redis).
 */
import { LuaScript } from './script.ts';

/** Bytes of one packed entry's header: pttl (double) + payload length (int32). */
export const PACKED_HEADER_BYTES = 12;

export const DUMP_RECORDS = new LuaScript(
  'dump-packed',
  `
local limit = tonumber(ARGV[1])
local parts = {}
local n = 0
for i = 1, #KEYS do
  local d = redis.call('DUMP', KEYS[i])
  n = n + 1
  if not d then
    parts[n] = struct.pack('>di4', -2, 0)
  elseif #d > limit then
    parts[n] = struct.pack('>di4', redis.call('PTTL', KEYS[i]), -1)
  else
    parts[n] = struct.pack('>di4', redis.call('PTTL', KEYS[i]), #d)
    n = n + 1
    parts[n] = d
  end
end
return table.concat(parts)
`,
);
