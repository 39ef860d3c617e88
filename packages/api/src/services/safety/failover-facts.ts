/**
 * What the failover rules read besides the config: each mirror's replication lag (already
 * probed for the interlocks) and each receiving instance's memory (INFO memory, read live).
 */
import type { TConfigSnapshot } from '@switchyard/core';
import type { TMirrorStatus } from '../failover-plan.ts';
import { withOverride } from '../failover-plan.ts';
import { parseInfo, withRedis } from '../redis-admin.ts';
import type { RuleFacts } from './evaluate.ts';

export interface TReceiverHeadroom {
  name: string;
  reachable: boolean;
  usedMemory: number | null;
  /** 0 = no maxmemory set (Redis's default): headroom is unknown, not full. */
  maxMemory: number | null;
  /** Share of maxmemory still free, in percent; null when unknown. */
  headroom: { memoryFreePercent: number | null };
}

async function probeMemory(snapshot: TConfigSnapshot, name: string, timeoutMs: number): Promise<TReceiverHeadroom> {
  const instance = snapshot.instances.find((i) => i.name === name);
  const unknown = { name, reachable: false, usedMemory: null, maxMemory: null, headroom: { memoryFreePercent: null } };
  if (!instance) return unknown;
  try {
    const fields = parseInfo(await withRedis(instance, timeoutMs, (r) => r.info('memory')));
    const used = Number(fields.get('used_memory') ?? NaN);
    const max = Number(fields.get('maxmemory') ?? NaN);
    if (!Number.isFinite(used) || !Number.isFinite(max)) return { ...unknown, reachable: true };
    const free = max > 0 ? Math.max(0, Math.round(((max - used) / max) * 1000) / 10) : null;
    return { name, reachable: true, usedMemory: used, maxMemory: max, headroom: { memoryFreePercent: free } };
  } catch {
    return unknown;
  }
}

export async function receiverHeadroom(snapshot: TConfigSnapshot, mirrors: readonly TMirrorStatus[], timeoutMs: number): Promise<TReceiverHeadroom[]> {
  const names = [...new Set(mirrors.map((m) => m.instance))];
  return Promise.all(names.map((n) => probeMemory(snapshot, n, timeoutMs)));
}

export function failoverFacts(snapshot: TConfigSnapshot, from: string, to: string, mirrors: readonly TMirrorStatus[], receivers: readonly TReceiverHeadroom[], now: Date): RuleFacts {
  return {
    after: withOverride(snapshot, from, to, 'safety check', now),
    now,
    mirrors: mirrors.map((m) => ({ instance: m.instance, lagBytes: m.lagBytes })),
    receivers: receivers.flatMap((r) => (r.usedMemory !== null && r.maxMemory !== null ? [{ instance: r.name, usedMemory: r.usedMemory, maxMemory: r.maxMemory }] : [])),
  };
}
