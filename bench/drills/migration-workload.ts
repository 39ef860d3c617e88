/**
 * The migration-faults drill's workload (code 1 meetings of the demo layout): a mixed-type
 * preload on the source, and writers that run mixed writes through the proxy until stopped.
 */
import { compileLayout, dayOf, DEMO_LAYOUT, encodeMeetingId, writeSeq } from '@switchyard/core';
import type { Redis } from 'ioredis';
import { sleep } from './drill-lib.ts';

const layout = compileLayout(DEMO_LAYOUT);
const code1Meeting = (n: number): string =>
  encodeMeetingId({ kind: 'normal', code: 1, day: dayOf(new Date(), DEMO_LAYOUT), random: (1n << layout.codeShift) | BigInt(1000 + n) }, layout).toString();

/** A deterministic pseudo-random stream per writer. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export const KEYS_PER_MEETING = 5;

/** Five keys a meeting, one per in-scope key type; pipelined in chunks. */
export async function preload(old: Redis, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const pipe = old.pipeline();
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const mid = code1Meeting(Math.floor(i / KEYS_PER_MEETING));
      switch (i % KEYS_PER_MEETING) {
        case 0: pipe.set(mid, Buffer.concat([Buffer.from(writeSeq(BigInt(i + 1))), Buffer.from(`info-${i}`)]), 'EX', 3600); break;
        case 1: pipe.set(`stable_${mid}`, `pre-${i}`, 'EX', 3600); break;
        case 2: pipe.hset(`member_list_{${mid}}`, { u0: `pre-${i}`, u1: 'x', u2: 'y' }); break;
        case 3: pipe.zadd(`m2u_{${mid}}`, 1, 'u0', 2, 'u1', 3, 'u2'); break;
        default: pipe.set(`shadow_{${mid}}`, `pre-${i}`);
      }
    }
    await pipe.exec();
  }
}

async function oneOp(c: Redis, r: () => number, meetings: number, tag: string): Promise<void> {
  const mid = code1Meeting(Math.floor(r() * meetings));
  switch (Math.floor(r() * 7)) {
    case 0: await c.hset(`member_list_{${mid}}`, `u${Math.floor(r() * 6)}`, tag); return;
    case 1: await c.hdel(`member_list_{${mid}}`, `u${Math.floor(r() * 6)}`); return;
    case 2: await c.zadd(`m2u_{${mid}}`, Math.floor(r() * 100), `u${Math.floor(r() * 6)}`); return;
    case 3: await c.zrem(`m2u_{${mid}}`, `u${Math.floor(r() * 6)}`); return;
    case 4: await c.set(`stable_${mid}`, tag, 'EX', 600); return;
    case 5: await c.set(`shadow_{${mid}}`, tag); return;
    default: await c.expire(`member_list_{${mid}}`, 900);
  }
}

export interface Writers { ok: number; failed: number; samples: string[]; stop(): Promise<void> }

export function startWriters(o: { writers: number; meetings: number; maxOpsPerWriter: number }, connect: () => Redis): Writers {
  const state = { running: true };
  const w: Writers = { ok: 0, failed: 0, samples: [], stop: async () => undefined };
  const loops = Array.from({ length: o.writers }, async (_, i) => {
    const c = connect();
    const r = rng(4242 + i);
    for (let op = 0; state.running && op < o.maxOpsPerWriter; op++) {
      try {
        await oneOp(c, r, o.meetings, `w${i}-${op}`);
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
