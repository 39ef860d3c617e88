/**
 * Redo as "set the latest value" (seed 004): the mirror gets the key's current value and TTL
 * read from the home (DUMP + PTTL in one MULTI, so they belong together), RESTORE REPLACE,
 * or DEL when the key is gone. Replaying commands would need them in order and exactly once;
 * copying the latest value needs neither, so reordering and duplicates are harmless.
 */
import { isPerKey, type DataClient } from '../shared/data-client.ts';

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

/**
 * Copies the latest value of each key from home to mirror. Standalone: one pipeline of
 * DUMP+PTTL on the home and one of RESTORE/DEL on the mirror per batch (two round trips; the
 * pair is not atomic, but a change between them was a write, which logged its own entry and
 * is copied again). Cluster: per key, concurrently (a pipeline must stay in one slot).
 */
export async function copyLatest(home: DataClient, mirror: DataClient, keys: readonly Buffer[]): Promise<CopyCounts> {
  if (keys.length === 0) return { copied: 0, deleted: 0 };
  if (isPerKey(home) || isPerKey(mirror)) {
    const outcomes = await Promise.all(keys.map(async (k) => writeState(mirror, k, await readState(home, k))));
    return {
      copied: outcomes.filter((o) => o === 'copied').length,
      deleted: outcomes.filter((o) => o === 'deleted').length,
    };
  }
  const read = home.pipeline();
  for (const k of keys) read.dumpBuffer(k).pttl(k);
  const replies = (await read.exec()) ?? [];
  const write = mirror.pipeline();
  const counts: CopyCounts = { copied: 0, deleted: 0 };
  keys.forEach((k, i) => {
    const [dumpErr, dump] = replies[2 * i] as [Error | null, Buffer | null];
    const [ttlErr, pttl] = replies[2 * i + 1] as [Error | null, number];
    if (dumpErr || ttlErr) throw dumpErr ?? ttlErr;
    if (dump === null || pttl === -2) {
      write.del(k);
      counts.deleted++;
    } else {
      write.restore(k, pttl > 0 ? pttl : 0, dump, 'REPLACE');
      counts.copied++;
    }
  });
  for (const [err] of (await write.exec()) ?? []) if (err) throw err;
  return counts;
}

/** True when home and mirror hold the same value and agree on having a TTL (within `ttlSlackMs`). */
export function sameState(a: KeyState, b: KeyState, ttlSlackMs = 5_000): boolean {
  if (a.dump === null || b.dump === null) return a.dump === b.dump;
  if (!a.dump.equals(b.dump)) return false;
  if ((a.pttl === -1) !== (b.pttl === -1)) return false;
  return a.pttl === -1 || Math.abs(a.pttl - b.pttl) <= ttlSlackMs;
}
