/**
 * The migration-faults drill's workload (code 1 meetings of the demo layout): a mixed-type
 * preload on the source, and writers that run mixed writes through the proxy until stopped.
 */
import { writeSeq } from '@switchyard/core';
import type { Redis } from 'ioredis';
import { code1Meeting, mixedWrite, rng } from '../../packages/migration/src/test-support/mixed-writes.ts';
import { sleep } from './drill-lib.ts';

export const KEYS_PER_MEETING = 5;

/** Five keys a meeting, one per in-scope key type; pipelined in chunks. */
export async function preload(old: Redis, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const pipe = old.pipeline();
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const mid = code1Meeting(Math.floor(i / KEYS_PER_MEETING));
      switch (i % KEYS_PER_MEETING) {
        case 0:
          pipe.set(mid, Buffer.concat([Buffer.from(writeSeq(BigInt(i + 1))), Buffer.from(`info-${i}`)]), 'EX', 3600);
          break;
        case 1:
          pipe.set(`stable_${mid}`, `pre-${i}`, 'EX', 3600);
          break;
        case 2:
          pipe.hset(`member_list_{${mid}}`, { u0: `pre-${i}`, u1: 'x', u2: 'y' });
          break;
        case 3:
          pipe.zadd(`m2u_{${mid}}`, 1, 'u0', 2, 'u1', 3, 'u2');
          break;
        default:
          pipe.set(`shadow_{${mid}}`, `pre-${i}`);
      }
    }
    await pipe.exec();
  }
}

export interface Writers {
  ok: number;
  failed: number;
  samples: string[];
  stop(): Promise<void>;
}

export function startWriters(
  o: { writers: number; meetings: number; maxOpsPerWriter: number },
  connect: () => Redis,
): Writers {
  const state = { running: true };
  const w: Writers = { ok: 0, failed: 0, samples: [], stop: async () => undefined };
  const loops = Array.from({ length: o.writers }, async (_, i) => {
    const c = connect();
    const r = rng(4242 + i);
    for (let op = 0; state.running && op < o.maxOpsPerWriter; op++) {
      try {
        await mixedWrite(c, r, code1Meeting(Math.floor(r() * o.meetings)), `w${i}-${op}`);
        w.ok++;
      } catch (err) {
        w.failed++;
        if (w.samples.length < 5) w.samples.push((err as Error).message);
      }
      // A little air so four writers do not starve the migrator on two cores.
      if (op % 10 === 0) await sleep(1);
    }
  });
  w.stop = async () => {
    state.running = false;
    await Promise.all(loops);
  };
  return w;
}
