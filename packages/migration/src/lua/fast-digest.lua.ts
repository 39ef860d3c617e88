/**
 * Reconciliation's first look at a batch: per key a fixed-width entry of FAST_DIGEST_BYTES,
 * a TTL flag ('1' when the key expires, '0' when not, 'n' when absent, 'x' when DUMP failed,
 * e.g. a module type without RDB support: no first look) and the SHA1 of its DUMP payload
 * (zeros when absent or failed), all packed into one reply. Equal DUMP bytes mean equal
 * values of equal type (the payload is the value's RDB serialisation plus the RDB version),
 * so equal entries on both sides mean the canonical digests (DIGEST_LUA) agree too. Unequal
 * entries prove nothing (a hash rehashed differently, another Redis version): those keys are
 * digested again with DIGEST_LUA, which alone decides a difference and feeds the value-CAS.
 * This costs Redis far less than DIGEST_LUA for collections (no per-element Lua work), and
 * it never leaves the worker that read it, so workers of two versions need not agree on it.
 */
import { LuaScript } from './script.ts';

export const FAST_DIGEST_BYTES = 41;
/** The flag of an entry that says nothing: the key must be digested canonically. */
export const NO_FIRST_LOOK = 'x'.charCodeAt(0);

export const FAST_DIGEST = new LuaScript(
  'fast-digest',
  `
local out = {}
local n = 0
for i = 1, #KEYS do
  local d = redis.pcall('DUMP', KEYS[i])
  if not d then
    n = n + 1
    out[n] = 'n0000000000000000000000000000000000000000'
  elseif type(d) == 'table' then
    n = n + 1
    out[n] = 'x0000000000000000000000000000000000000000'
  else
    n = n + 2
    if redis.call('PTTL', KEYS[i]) > 0 then out[n - 1] = '1' else out[n - 1] = '0' end
    out[n] = redis.sha1hex(d)
  end
end
return table.concat(out)
`,
);
