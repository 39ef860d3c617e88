/**
 * The capacity side of a migration step preview (issue 18): the reads per second the step
 * moves onto the target (the source instance's reads × the scope's share × the change in the
 * share of meetings reading the new side), the dataset the target holds for the migration, and
 * the target's headroom after the step. Writes do not move at a step: the target receives
 * every write in scope from DUAL_WRITE on, so they are already in its `qpsNow`.
 */
import type { TConfigSnapshot, TMigration } from '@switchyard/core';
import type { Db } from '../../db.ts';
import { probeDataset } from '../redis-admin.ts';
import { receiverHeadroom, type TReceiverHeadroom } from './failover-facts.ts';
import { recentTraffic } from './traffic-impact.ts';

const WINDOW_SEC = 300;
const round = (n: number): number => Math.round(n * 100) / 100;

export interface TStepCapacity {
  windowSec: number;
  source: string;
  target: string;
  /** Share of the code's meetings in the migration's scope, in % (100 / M with a scope). */
  sharePercent: number;
  /** The source instance's ops/s (every code on it: an upper bound for this code) and its reads. */
  sourceQps: number;
  sourceReadsQps: number | null;
  /** Reads/s the step adds to the target (negative: it gives them back); from all requests when the split is unknown. */
  readsToTargetQps: number;
  /** The source's dataset × the scope's share: what the target holds for this migration; null when the source is unreachable. */
  memoryBytes: number | null;
  /** The target's memory and ops/s before and after the step, against its maxmemory and opsCapacity. */
  receiver: TReceiverHeadroom;
}

export async function stepCapacity(
  db: Db,
  snapshot: TConfigSnapshot,
  m: TMigration,
  readsNewBefore: number,
  readsNewAfter: number,
  timeoutMs: number,
  now = new Date(),
): Promise<TStepCapacity> {
  const { qps, traffic, seconds } = await recentTraffic(db, WINDOW_SEC, now);
  const share = m.scope ? 1 / m.scope.modulo : 1;
  const src = traffic.get(m.from);
  const sourceQps = qps.get(m.from) ?? 0;
  const sourceReadsQps = src === undefined ? 0 : src.unsplit > 0 ? null : src.reads / seconds;
  const readsToTargetQps = (sourceReadsQps ?? sourceQps) * share * ((readsNewAfter - readsNewBefore) / 100);
  const source = snapshot.instances.find((i) => i.name === m.from);
  const dataset = source ? await probeDataset(source, timeoutMs) : null;
  const targetNow = qps.get(m.to) ?? 0;
  const [receiver] = await receiverHeadroom(
    snapshot,
    [{ instance: m.to }],
    new Map([[m.to, { now: targetNow, after: Math.max(0, targetNow + readsToTargetQps) }]]),
    timeoutMs,
  );
  return {
    windowSec: WINDOW_SEC,
    source: m.from,
    target: m.to,
    sharePercent: round(share * 100),
    sourceQps: round(sourceQps),
    sourceReadsQps: sourceReadsQps === null ? null : round(sourceReadsQps),
    readsToTargetQps: round(readsToTargetQps),
    memoryBytes: dataset === null ? null : Math.round(dataset.bytes * share),
    receiver: receiver!,
  };
}
