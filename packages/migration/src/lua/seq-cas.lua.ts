/**
 * SEQ repair (seed 001 §8.3.1.1, §8.3.3): the bigger SEQ wins. Writes ARGV[1] (a SEQ value,
 * TTL ARGV[2] ms, 0 = none) only while the key is absent or holds a smaller SEQ, so a
 * concurrent write that already raised the SEQ is never clobbered.
 * Returns 1 written, 0 refused (current SEQ ≥ ours), -1 the key holds another type.
 */
import { SEQ_LESS_LUA } from './lua-snippets.ts';
import { LuaScript } from './script.ts';

export const SEQ_CAS = new LuaScript(
  'seq-cas',
  `${SEQ_LESS_LUA}
local ok, cur = pcall(redis.call, 'GET', KEYS[1])
if not ok then return -1 end
if cur and #cur >= 8 and not seqLess(cur, ARGV[1]) then return 0 end
local pttl = tonumber(ARGV[2])
if pttl > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', pttl) else redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`,
);
