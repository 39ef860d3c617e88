/**
 * Redo as "set the latest value" (seed 004): the mirror gets the key's current value and TTL
 * read from the home (DUMP + PTTL in one MULTI, so they belong together), RESTORE REPLACE,
 * or DEL when the key is gone. Replaying commands would need them in order and exactly once;
 * copying the latest value needs neither, so reordering and duplicates are harmless.
 */
import type { DataClient } from '../shared/data-client.ts';

export interface KeyState {
  /** DUMP payload; null when the key does not exist. */
  dump: Buffer | null;
  /** Milliseconds left; -1 = no expiry. */
  pttl: number;
}

export async function readState(client: DataClient, key: Buffer): Promise<KeyState> {
  const replies = await client.multi().dumpBuffer(key).pttl(key).exec();
  if (replies === null) throw new Error('MULTI aborted');
  const [[dumpErr, dump], [ttlErr, pttl]] = replies as [[Error | null, Buffer | null], [Error | null, number]];
  if (dumpErr) throw dumpErr;
  if (ttlErr) throw ttlErr;
  return { dump: dump ?? null, pttl: typeof pttl === 'number' ? pttl : -1 };
}

/** Writes `state` to `key` on `target` (RESTORE REPLACE, or DEL when absent). */
export async function writeState(target: DataClient, key: Buffer, state: KeyState): Promise<'copied' | 'deleted'> {
  // A key that expired between the read and now is absent: a RESTORE with ttl 0 would make it immortal.
  if (state.dump === null || state.pttl === -2) {
    await target.del(key);
    return 'deleted';
  }
  await target.restore(key, state.pttl > 0 ? state.pttl : 0, state.dump, 'REPLACE');
  return 'copied';
}

export interface CopyCounts {
  copied: number;
  deleted: number;
}

/** Copies the latest value of each key from home to mirror, all keys concurrently (pipelined by ioredis). */
export async function copyLatest(home: DataClient, mirror: DataClient, keys: readonly Buffer[]): Promise<CopyCounts> {
  const outcomes = await Promise.all(keys.map(async (k) => writeState(mirror, k, await readState(home, k))));
  return { copied: outcomes.filter((o) => o === 'copied').length, deleted: outcomes.filter((o) => o === 'deleted').length };
}

/** True when home and mirror hold the same value and agree on having a TTL (within `ttlSlackMs`). */
export function sameState(a: KeyState, b: KeyState, ttlSlackMs = 5_000): boolean {
  if (a.dump === null || b.dump === null) return a.dump === b.dump;
  if (!a.dump.equals(b.dump)) return false;
  if ((a.pttl === -1) !== (b.pttl === -1)) return false;
  return a.pttl === -1 || Math.abs(a.pttl - b.pttl) <= ttlSlackMs;
}
