/**
 * Both sides' digests of a batch, cheaply: FAST_DIGEST (one packed reply a side, SHA1 of the
 * DUMP payload) settles every key whose sides are byte-for-byte alike; only the rest are
 * digested again with the canonical DIGEST_LUA, whose digests decide the difference and are
 * what a repair's value-CAS later expects. So the outcome is the canonical comparison's.
 */
import { FAST_DIGEST_BYTES, NO_FIRST_LOOK } from '../lua/fast-digest.lua.ts';
import { KeyBatch } from '../lua/frame.ts';
import { digestKeys, fastDigests } from '../shared/records.ts';
import type { InstancePair } from '../shared/types.ts';
import type { Observed } from './repair-key.ts';

/**
 * Per key: null when the fast digests agree (the key is equal), else the canonical digests
 * of both sides (which may still agree: the DUMP bytes differed, the values do not).
 * `hints`: one character per key ('s' = declared string).
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
  const differ = differingSlots(a, b, keys.length);
  if (differ.length === 0) return out;
  const again = differ.map((i) => keys[i]!);
  const hinted = differ.map((i) => hints[i] ?? '-').join('');
  const [olds, news] = await Promise.all([digestKeys(pair.old, again, hinted), digestKeys(pair.new, again, hinted)]);
  differ.forEach((i, j) => (out[i] = { old: olds[j]!, new: news[j]! }));
  return out;
}

/**
 * Indexes of the keys whose first-look entries (FAST_DIGEST_BYTES each) differ, or that
 * either side could not DUMP ('x': those always get the canonical digest). The flag is
 * never a hex digit, so one search tells whether any entry has it.
 */
export function differingSlots(a: Buffer, b: Buffer, count: number): number[] {
  const flagged = a.includes(NO_FIRST_LOOK) || b.includes(NO_FIRST_LOOK);
  if (!flagged && a.equals(b)) return [];
  const out: number[] = [];
  for (let i = 0, off = 0; i < count; i++, off += FAST_DIGEST_BYTES)
    if (
      a[off] === NO_FIRST_LOOK ||
      b[off] === NO_FIRST_LOOK ||
      a.compare(b, off, off + FAST_DIGEST_BYTES, off, off + FAST_DIGEST_BYTES) !== 0
    )
      out.push(i);
  return out;
}
