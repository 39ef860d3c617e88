/** Digests a batch of keys: "type|ttlFlag|digest" per key (see DIGEST_LUA). ARGV[i] = 's' hints a string. */
import { DIGEST_LUA } from './lua-snippets.ts';
import { LuaScript } from './script.ts';

export const DIGEST_BATCH = new LuaScript('digest-batch', `${DIGEST_LUA}
local out = {}
for i = 1, #KEYS do
  local t, ttl, d = digestHinted(KEYS[i], ARGV[i])
  out[i] = t .. '|' .. ttl .. '|' .. d
end
return out
`);
