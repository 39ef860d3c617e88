/**
 * Stable buckets for gray read and stop-dual-write (DESIGN §7): FNV-1a 32 over the
 * canonical decimal string of the meeting ID, mod 10000. Stable forever: changing it moves
 * users between old and new storage mid-migration. Pinned by `bucket.golden.json`.
 */
import { fnv1a32 } from './hash/fnv1a.ts';
import { parseMeetingId } from './codec/parse-meeting-id.ts';

export const BUCKETS = 10_000;

/** 0..9999. A string is validated and canonicalised (leading zeros dropped) first. */
export function bucket(mid: bigint | string): number {
  const text = typeof mid === 'bigint' ? parseMeetingId(mid).toString() : canonicalDecimal(mid);
  return fnv1a32(text) % BUCKETS;
}

/** Bucket for keys that carry no meeting ID: the key string itself. */
export function bucketOfKey(key: string): number {
  return fnv1a32(key) % BUCKETS;
}

/** True when `bucketValue` falls in the first p% of buckets; raising p only adds buckets. */
export function inPercent(bucketValue: number, percent: number): boolean {
  return bucketValue < percent * 100;
}

function canonicalDecimal(mid: string): string {
  // Fast path for the hot path: already canonical digits need no BigInt round trip.
  if (mid.length > 0 && mid.length < 20 && mid.charCodeAt(0) !== 48 && /^[0-9]+$/.test(mid)) return mid;
  return parseMeetingId(mid).toString();
}
