/**
 * Create-if-absent for a new meeting ID, atomic on the target instance (001 §6.2, §6.4.1).
 * The shadow check and the SET NX run in one script, so no legacy import or concurrent
 * generator can slip between them. `<mid>` and `shadow_{<mid>}` share a hash slot (the tag
 * `{<mid>}` hashes like the bare key), so the script also runs on Redis Cluster.
 *
 * KEYS[1] = `<mid>` (meeting info), KEYS[2] = `shadow_{<mid>}` (legacy-ID dedupe key)
 * ARGV[1] = the value (SEQ-prefixed), ARGV[2] = TTL in seconds, 0 = none
 * Returns 1 created, 0 the meeting-info key already exists, -1 a legacy ID holds it.
 */
import { createHash } from 'node:crypto';

export const CREATE_ID_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local ttl = tonumber(ARGV[2])
local ok
if ttl and ttl > 0 then
  ok = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ttl)
else
  ok = redis.call('SET', KEYS[1], ARGV[1], 'NX')
end
if ok then return 1 end
return 0
`.trim();

export const CREATE_ID_SHA = createHash('sha1').update(CREATE_ID_SCRIPT).digest('hex');

export const CREATED = 1;
export const EXISTS = 0;
export const SHADOWED = -1;
export type CreateOutcome = 'created' | 'exists' | 'shadowed';

export const shadowKeyOf = (mid: string): string => `shadow_{${mid}}`;
