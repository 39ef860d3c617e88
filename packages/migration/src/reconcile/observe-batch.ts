/**
 * Both sides' digests of a batch, cheaply: FAST_DIGEST (one packed reply a side, SHA1 of the
 * DUMP payload) settles every key whose sides are byte-for-byte alike; only the rest are
 * digested again with the canonical DIGEST_LUA, whose digests decide the difference and are
 * what a repair's value-CAS later expects. So the outcome is the canonical comparison's.
 */
import { FAST_DIGEST_BYTES } from '../lua/fast-digest.lua.ts';
import { KeyBatch } from '../lua/frame.ts';
import { digestKeys, fastDigests } from '../shared/records.ts';
import type { InstancePair } from '../shared/types.ts';
import type { Observed } from './repair-key.ts';

/**
 * Per key: null when the fast digests agree (the key is equal), else the canonical digests
 * of both sides (which may still agree: the DUMP bytes differed, the values do not).
 * `hints` one character per key ('s' = declared string).
 */
export async function observeBatch(
  pair: InstancePair,
  keys: readonly Buffer[],
  hints: string,
): Promise<(Observed | null)[]> {
  const out = new Array<Observed | null>(keys.length).fill(null);
  if (keys.length === 0) return out;
  const batch = new KeyBatch(keys);
  const [a, b] = await Promise.all([fastDigests(pair.old, batch), fastDigests(pair.new, batch)]);
  if (a.equals(b)) return out;
  const differ: number[] = [];
  for (let i = 0, off = 0; i < keys.length; i++, off += FAST_DIGEST_BYTES)
    if (a.compare(b, off, off + FAST_DIGEST_BYTES, off, off + FAST_DIGEST_BYTES) !== 0) differ.push(i);
  const again = differ.map((i) => keys[i]!);
  const hinted = differ.map((i) => hints[i] ?? '-').join('');
  const [olds, news] = await Promise.all([digestKeys(pair.old, again, hinted), digestKeys(pair.new, again, hinted)]);
  differ.forEach((i, j) => (out[i] = { old: olds[j]!, new: news[j]! }));
  return out;
}
