/**
 * Traffic for the failover/migration drills of issue 15: clients SET unique meeting keys of
 * codes 1 and 2 through the proxies and GET each back at once. Every SET that answered OK is an
 * acknowledged write, remembered key by key; `verify` later reads all of them back through a
 * proxy, so a write lost anywhere (a fenced home, a half-promoted mirror, a stale target) shows.
 */
import type { Redis } from 'ioredis';
import { meetingId } from '../../apps/proxy/test/fixture.ts';
import { sleep } from './drill-lib.ts';

export interface AckedTraffic {
  /** Acknowledged writes: key → value. */
  acked: Map<string, string>;
  /** The phase each acknowledged key was written in (for the figures of lost keys). */
  phaseOf: Map<string, string>;
  ok: number;
  failures: { phase: string; message: string }[];
  /** A GET right after its own acknowledged SET returned something else. */
  readMismatches: { phase: string; key: string }[];
  phase: string;
  stop(): Promise<void>;
}

export function startAckedTraffic(
  clients: readonly Redis[],
  o: { codes: readonly number[]; paceMs?: number; maxOps?: number },
): AckedTraffic {
  const state = { running: true };
  const t: AckedTraffic = {
    acked: new Map(),
    phaseOf: new Map(),
    ok: 0,
    failures: [],
    readMismatches: [],
    phase: 'start',
    stop: async () => undefined,
  };
  const loops = clients.map(async (client, c) => {
    for (let i = 0; state.running && i < (o.maxOps ?? 5_000_000); i++) {
      const code = o.codes[i % o.codes.length]!;
      const key = meetingId(code, BigInt((c + 1) * 10_000_000 + i));
      const value = `c${c}-${i}`;
      const phase = t.phase;
      try {
        await client.set(key, value);
        t.acked.set(key, value);
        t.phaseOf.set(key, phase);
        if ((await client.get(key)) !== value) t.readMismatches.push({ phase, key });
        t.ok += 2;
      } catch (err) {
        t.failures.push({ phase, message: (err as Error).message });
      }
      if (o.paceMs) await sleep(o.paceMs);
    }
  });
  t.stop = async () => {
    state.running = false;
    await Promise.all(loops);
  };
  return t;
}

export interface Verified {
  checked: number;
  unreadable: number;
  samples: string[];
  lostKeys: string[];
}

/** Reads every acknowledged key through `reader` (a proxy client) and counts the ones not as written. */
export async function verifyAcked(reader: Redis, acked: ReadonlyMap<string, string>): Promise<Verified> {
  const entries = [...acked.entries()];
  let unreadable = 0;
  const samples: string[] = [];
  const lostKeys: string[] = [];
  for (let i = 0; i < entries.length; i += 200) {
    const batch = entries.slice(i, i + 200);
    const values = await reader.mget(...batch.map(([k]) => k));
    batch.forEach(([k, v], j) => {
      if (values[j] === v) return;
      unreadable++;
      lostKeys.push(k);
      if (samples.length < 5) samples.push(`${k}: wrote ${v}, read ${values[j] ?? 'nil'}`);
    });
  }
  return { checked: entries.length, unreadable, samples, lostKeys };
}

/** Per home/mirror pair: how many masters, and whether the replica side is read-only. Goal: exactly one master each. */
export async function pairRoles(
  clients: ReadonlyMap<string, Redis>,
  pairs: readonly (readonly [string, string])[],
): Promise<{ pair: string; masters: number; halfPromoted: boolean }[]> {
  return Promise.all(
    pairs.map(async ([home, mirror]) => {
      const roles = await Promise.all(
        [home, mirror].map(async (n) => /role:(\w+)/.exec(await clients.get(n)!.info('replication'))?.[1] ?? '?'),
      );
      const readOnly = await Promise.all(
        [home, mirror].map(
          async (n) => ((await clients.get(n)!.config('GET', 'replica-read-only')) as string[])[1] === 'yes',
        ),
      );
      const masters = roles.filter((r) => r === 'master').length;
      // A replica left open for writes (or a second master) is a half-done promotion.
      const halfPromoted = masters !== 1 || roles.some((r, i) => r === 'slave' && !readOnly[i]);
      return { pair: `${home}/${mirror}`, masters, halfPromoted };
    }),
  );
}
