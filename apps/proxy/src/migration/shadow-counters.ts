/**
 * Shadow-read counters (seed 001 §8.3.4.3): what the sampled gray reads of
 * `pipeline/shadowed-reads.ts` found on both sides, per migration and key type, for the
 * heartbeat. The not-found count on each side is kept too, to watch as the gray percentage
 * moves.
 */
import { createShadowCompare } from '@switchyard/migration';

export interface ShadowCounts {
  compared: number;
  equal: number;
  differing: number;
  missingOnNew: number;
  /** Sampled reads that found nothing on the old / the new side. */
  notFoundOld: number;
  notFoundNew: number;
}

interface Tally {
  compare: ReturnType<typeof createShadowCompare>;
  notFoundOld: number;
  notFoundNew: number;
}

/** Cumulative counters of this worker process, per migration and key type. */
export class ShadowReads {
  private readonly tallies = new Map<string, Map<string, Tally>>();

  record(migration: string, keyType: string, oldReply: Buffer, newReply: Buffer): void {
    let byType = this.tallies.get(migration);
    if (byType === undefined) this.tallies.set(migration, (byType = new Map()));
    let t = byType.get(keyType);
    if (t === undefined) byType.set(keyType, (t = { compare: createShadowCompare(), notFoundOld: 0, notFoundNew: 0 }));
    const oldValue = isNil(oldReply) ? null : oldReply;
    const newValue = isNil(newReply) ? null : newReply;
    if (oldValue === null) t.notFoundOld++;
    if (newValue === null) t.notFoundNew++;
    t.compare.compare(oldValue, newValue);
  }

  snapshot(): Record<string, Record<string, ShadowCounts>> {
    const out: Record<string, Record<string, ShadowCounts>> = {};
    for (const [migration, byType] of this.tallies) {
      const types: Record<string, ShadowCounts> = (out[migration] = {});
      for (const [keyType, t] of byType)
        types[keyType] = { ...t.compare.counters, notFoundOld: t.notFoundOld, notFoundNew: t.notFoundNew };
    }
    return out;
  }
}

/** RESP2 nil bulk / nil array and RESP3 null. */
function isNil(reply: Buffer): boolean {
  return (reply[0] === 0x24 || reply[0] === 0x2a) && reply[1] === 0x2d && reply[2] === 0x31 ? true : reply[0] === 0x5f;
}
