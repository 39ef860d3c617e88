/**
 * What the failover rules read besides the config: each mirror's replication lag (already
 * probed for the interlocks) and each receiving instance's memory (INFO memory, read live).
 */
import type { TConfigSnapshot } from '@switchyard/core';
import type { TMirrorStatus } from '../failover-plan.ts';
import { withOverride } from '../failover-plan.ts';
import { parseInfo, withRedis } from '../redis-admin.ts';
import type { RuleFacts } from './evaluate.ts';
import type { TWriteLogMirrorStatus } from '../write-log-service.ts';

export interface TReceiverHeadroom {
  name: string;
  reachable: boolean;
  usedMemory: number | null;
  /** 0 = no maxmemory set (Redis's default): headroom is unknown, not full. */
  maxMemory: number | null;
  /** Ops/s from heartbeats: served now, and after the move (its own + the homes it takes over). */
  qpsNow: number;
  qpsAfter: number;
  /** The instance's configured `opsCapacity`; null when not set. */
  opsCapacity: number | null;
  /** Share of maxmemory still free, and the share of opsCapacity used after the move (percent; null when unknown). */
  headroom: { memoryFreePercent: number | null; opsPercentAfter: number | null };
}

type TMemory = Pick<TReceiverHeadroom, 'name' | 'reachable' | 'usedMemory' | 'maxMemory'> & {
  memoryFreePercent: number | null;
};

async function probeMemory(snapshot: TConfigSnapshot, name: string, timeoutMs: number): Promise<TMemory> {
  const instance = snapshot.instances.find((i) => i.name === name);
  const unknown = { name, reachable: false, usedMemory: null, maxMemory: null, memoryFreePercent: null };
  if (!instance) return unknown;
  try {
    const fields = parseInfo(await withRedis(instance, timeoutMs, (r) => r.info('memory')));
    const used = Number(fields.get('used_memory') ?? NaN);
    const max = Number(fields.get('maxmemory') ?? NaN);
    if (!Number.isFinite(used) || !Number.isFinite(max)) return { ...unknown, reachable: true };
    const free = max > 0 ? Math.max(0, Math.round(((max - used) / max) * 1000) / 10) : null;
    return { name, reachable: true, usedMemory: used, maxMemory: max, memoryFreePercent: free };
  } catch {
    return unknown;
  }
}

const round = (n: number): number => Math.round(n * 100) / 100;

export async function receiverHeadroom(
  snapshot: TConfigSnapshot,
  mirrors: readonly { instance: string }[],
  ops: ReadonlyMap<string, { now: number; after: number }>,
  timeoutMs: number,
): Promise<TReceiverHeadroom[]> {
  const names = [...new Set(mirrors.map((m) => m.instance))];
  return Promise.all(
    names.map(async (n) => {
      const { memoryFreePercent, ...memory } = await probeMemory(snapshot, n, timeoutMs);
      const capacity = snapshot.instances.find((i) => i.name === n)?.opsCapacity ?? null;
      const rate = ops.get(n) ?? { now: 0, after: 0 };
      const opsPercentAfter = capacity ? round((rate.after / capacity) * 100) : null;
      return {
        ...memory,
        qpsNow: round(rate.now),
        qpsAfter: round(rate.after),
        opsCapacity: capacity,
        headroom: { memoryFreePercent, opsPercentAfter },
      };
    }),
  );
}

/** A receiving instance as the headroom rule reads it. */
export const receiverFact = (r: TReceiverHeadroom): NonNullable<RuleFacts['receivers']>[number] => ({
  instance: r.name,
  usedMemory: r.usedMemory,
  maxMemory: r.maxMemory,
  opsAfter: r.qpsAfter,
  opsCapacity: r.opsCapacity ?? undefined,
});

/** `writeLog`: the write-log mirrors the switch promotes; their lag replaces the (meaningless) replication probe. */
export function failoverFacts(
  snapshot: TConfigSnapshot,
  from: string,
  to: string,
  mirrors: readonly TMirrorStatus[],
  receivers: readonly TReceiverHeadroom[],
  now: Date,
  writeLog: readonly TWriteLogMirrorStatus[] = [],
): RuleFacts {
  const limits = { maxEntries: snapshot.writeLog.maxLagEntries, maxSeconds: snapshot.writeLog.maxLagSeconds };
  const logged = new Map(writeLog.map((w) => [`${w.code}>${w.mirror}`, w]));
  return {
    after: withOverride(snapshot, from, to, 'safety check', now),
    now,
    mirrors: mirrors.map((m) => {
      const w = logged.get(`${m.code}>${m.instance}`);
      return w === undefined
        ? { instance: m.instance, lagBytes: m.lagBytes }
        : {
            instance: m.instance,
            lagBytes: null,
            writeLog: {
              entries: w.reachable ? w.lagEntries : null,
              seconds: w.reachable ? w.lagSeconds : null,
              ...limits,
            },
          };
    }),
    receivers: receivers.map(receiverFact),
  };
}
