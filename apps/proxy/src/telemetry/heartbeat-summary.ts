/**
 * Builds the heartbeat `summary` (core ZHeartbeatSummary) from two telemetry snapshots: the
 * counts are deltas since the previous heartbeat, the gauges are current.
 */
import { NEWID_COMMAND, ZHeartbeatSummary, type THeartbeatSummary } from '@switchyard/core';
import { LATENCY_BUCKETS_MS, OUTCOMES, type SeriesSnapshot } from './request-metrics.ts';
import { emptyTelemetry, seriesId, type TelemetrySnapshot } from './telemetry.ts';
import { commandSpec } from '../routing/command-table.ts';

const OK = OUTCOMES.indexOf('ok');
const CACHED = OUTCOMES.indexOf('cached');

export class SummaryBuilder {
  private prev: TelemetrySnapshot = emptyTelemetry();
  private prevAt = Date.now();

  next(now: TelemetrySnapshot, processes: number, at = Date.now()): THeartbeatSummary {
    const before = new Map(this.prev.series.map((s) => [seriesId(s), s]));
    let requests = 0;
    let errors = 0;
    const byCaller: Record<string, number> = {};
    const byInstance: THeartbeatSummary['byInstance'] = {};
    const buckets = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
    for (const s of now.series) {
      const old = before.get(seriesId(s));
      const d = s.counts.map((n, i) => n - (old?.counts[i] ?? 0));
      const total = d.reduce((a, b) => a + b, 0);
      if (total <= 0) continue;
      const failed = total - d[OK]! - d[CACHED]!;
      requests += total;
      errors += failed;
      byCaller[s.caller] = (byCaller[s.caller] ?? 0) + total;
      addInstance(byInstance, s, total, failed);
      addBuckets(buckets, s, old);
    }
    const summary: THeartbeatSummary = {
      windowSec: Math.max(0, Math.round((at - this.prevAt) / 100) / 10),
      requests,
      errors,
      byCaller,
      byInstance,
      latencyMs: { p50: quantile(buckets, 0.5), p99: quantile(buckets, 0.99) },
      drops: {
        callers: delta(now.drops.callers, this.prev.drops.callers),
        keys: delta(now.drops.keys, this.prev.drops.keys),
        ...throttlesDelta(now, this.prev),
      },
      cache: {
        hits: Math.max(0, now.cache.hits - this.prev.cache.hits),
        misses: Math.max(0, now.cache.misses - this.prev.cache.misses),
        staleServes: Math.max(0, now.cache.staleServes - this.prev.cache.staleServes),
      },
      breakers: now.breakers,
      hotKeys: now.hotKeys.slice(0, 20).map((h) => ({ key: h.key, qps: h.qps })),
      bigKeys: bigKeysSince(now, this.prev),
      inFlight: now.inFlight,
      processes,
      ...(now.shadow !== undefined && Object.keys(now.shadow).length > 0 ? { shadow: now.shadow } : {}),
    };
    this.prev = now;
    this.prevAt = at;
    return ZHeartbeatSummary.parse(summary);
  }
}

/**
 * A series is one (caller, command, instance), so its command's write flag splits it into reads
 * and writes here, at heartbeat time: the hot path pays nothing for the split.
 */
const isWrite = (command: string): boolean => command === NEWID_COMMAND || commandSpec(command)?.write === true;

function addInstance(into: THeartbeatSummary['byInstance'], s: SeriesSnapshot, total: number, failed: number): void {
  const inst = (into[s.instance] ??= { requests: 0, errors: 0, reads: 0, writes: 0, callers: {} });
  const write = isWrite(s.command);
  inst.requests += total;
  inst.errors += failed;
  if (write) inst.writes = (inst.writes ?? 0) + total;
  else inst.reads = (inst.reads ?? 0) + total;
  const c = ((inst.callers ??= {})[s.caller] ??= { reads: 0, writes: 0 });
  if (write) c.writes += total;
  else c.reads += total;
}

function addBuckets(into: number[], s: SeriesSnapshot, old: SeriesSnapshot | undefined): void {
  s.buckets.forEach((n, i) => (into[i]! += Math.max(0, n - (old?.buckets[i] ?? 0))));
}

function delta(now: Record<string, number>, prev: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(now)) {
    const d = v - (prev[k] ?? 0);
    if (d > 0) out[k] = d;
  }
  return out;
}

/** Big keys seen again (or for the first time) during the window. */
function bigKeysSince(now: TelemetrySnapshot, prev: TelemetrySnapshot): THeartbeatSummary['bigKeys'] {
  const before = new Map(prev.bigKeys.map((b) => [`${b.direction}\u0000${b.key}`, b.count]));
  return now.bigKeys
    .filter((b) => b.count > (before.get(`${b.direction}\u0000${b.key}`) ?? 0))
    .slice(0, 50)
    .map((b) => ({ key: b.key, bytes: b.bytes, command: b.command, direction: b.direction }));
}

/** The bucket upper bound holding quantile q, interpolated inside the bucket; 0 when empty. */
export function quantile(buckets: readonly number[], q: number): number {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i]!;
    if (seen + n >= rank && n > 0) {
      const lo = i === 0 ? 0 : LATENCY_BUCKETS_MS[i - 1]!;
      const hi = LATENCY_BUCKETS_MS[i] ?? lo * 2;
      return Math.round((lo + ((rank - seen) / n) * (hi - lo)) * 1000) / 1000;
    }
    seen += n;
  }
  return LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1]!;
}

/** Hot-key throttle refusals (seed 003) in the window; omitted when none, as the field is optional. */
function throttlesDelta(now: TelemetrySnapshot, prev: TelemetrySnapshot): { throttles?: Record<string, number> } {
  const d = delta(now.drops.throttles ?? {}, prev.drops.throttles ?? {});
  return Object.keys(d).length === 0 ? {} : { throttles: d };
}
