/** Digests a batch of keys: "type|ttlFlag|digest" per key (see DIGEST_LUA). ARGV[1]: one hint character per key ('s' = declared string). */
import { DIGEST_LUA } from './lua-snippets.ts';
import { LuaScript } from './script.ts';

export const DIGEST_BATCH = new LuaScript(
  'digest-batch',
  `${DIGEST_LUA}
local out = {}
local hints = ARGV[1] or ''
for i = 1, #KEYS do
  local t, ttl, d = digestHinted(KEYS[i], string.sub(hints, i, i))
  out[i] = t .. '|' .. ttl .. '|' .. d
end
return out
`,
);
