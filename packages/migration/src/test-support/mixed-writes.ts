/**
 * The mixed-type write workload of the migration end-to-end test and the migration-faults
 * drill: code 1 meetings of the demo layout, and one random write of an in-scope key type.
 */
import { compileLayout, dayOf, DEMO_LAYOUT, encodeMeetingId } from '@switchyard/core';
import type { Redis } from 'ioredis';

const layout = compileLayout(DEMO_LAYOUT);

/** The n-th code 1 meeting ID of today. */
export const code1Meeting = (n: number): string =>
  encodeMeetingId(
    {
      kind: 'normal',
      code: 1,
      day: dayOf(new Date(), DEMO_LAYOUT),
      random: (1n << layout.codeShift) | BigInt(1000 + n),
    },
    layout,
  ).toString();

/** A deterministic pseudo-random stream, so a failing run can be replayed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** One write of a random in-scope key type of meeting `mid` (hash, zset, string, shadow, expiry). */
export async function mixedWrite(c: Redis, r: () => number, mid: string, tag: string): Promise<void> {
  switch (Math.floor(r() * 7)) {
    case 0:
      await c.hset(`member_list_{${mid}}`, `u${Math.floor(r() * 6)}`, tag);
      return;
    case 1:
      await c.hdel(`member_list_{${mid}}`, `u${Math.floor(r() * 6)}`);
      return;
    case 2:
      await c.zadd(`m2u_{${mid}}`, Math.floor(r() * 100), `u${Math.floor(r() * 6)}`);
      return;
    case 3:
      await c.zrem(`m2u_{${mid}}`, `u${Math.floor(r() * 6)}`);
      return;
    case 4:
      await c.set(`stable_${mid}`, tag, 'EX', 600);
      return;
    case 5:
      await c.set(`shadow_{${mid}}`, tag);
      return;
    default:
      await c.expire(`member_list_{${mid}}`, 900);
  }
}
