/**
 * A worker's telemetry as plain JSON: cumulative per-series counters plus current gauges.
 * Workers send it to the node:cluster primary over IPC; the primary merges them, and both
 * /metrics and the heartbeat summary are computed from a snapshot.
 */
import type { TBreakerState } from '@switchyard/core';
import type { BigKeyEvent } from './big-keys.ts';
import type { HotKey } from './hot-keys.ts';
import type { SeriesSnapshot } from './request-metrics.ts';
import type { ShadowCounts } from '../migration/shadow-counters.ts';

export interface CacheCounters {
  hits: number;
  misses: number;
  staleServes: number;
  invalidations: number;
  entries: number;
  bytes: number;
}

export interface TelemetrySnapshot {
  series: SeriesSnapshot[];
  /** `throttles`: hot-key throttle refusals by rule key (seed 003); optional so older snapshots merge. */
  drops: { callers: Record<string, number>; keys: Record<string, number>; throttles?: Record<string, number> };
  cache: CacheCounters;
  breakers: Record<string, TBreakerState>;
  breakerTrips: Record<string, number>;
  inFlight: number;
  hotKeys: HotKey[];
  bigKeys: BigKeyEvent[];
  /** Shadow-read compare counters since the process started, per migration and key type. */
  shadow?: Record<string, Record<string, ShadowCounts>>;
}

export function emptyTelemetry(): TelemetrySnapshot {
  return {
    series: [],
    drops: { callers: {}, keys: {} },
    cache: { hits: 0, misses: 0, staleServes: 0, invalidations: 0, entries: 0, bytes: 0 },
    breakers: {},
    breakerTrips: {},
    inFlight: 0,
    hotKeys: [],
    bigKeys: [],
  };
}

export const seriesId = (s: { caller: string; command: string; instance: string }): string =>
  `${s.caller}\u0000${s.command}\u0000${s.instance}`;

const SEVERITY: Record<TBreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Sums counters; breakers report the worst state, hot keys add their QPS per key. */
export function mergeTelemetry(parts: readonly TelemetrySnapshot[]): TelemetrySnapshot {
  const out = emptyTelemetry();
  const series = new Map<string, SeriesSnapshot>();
  const hot = new Map<string, number>();
  const big = new Map<string, TelemetrySnapshot['bigKeys'][number]>();
  for (const p of parts) {
    for (const s of p.series) {
      const id = seriesId(s);
      const into = series.get(id);
      if (into === undefined) series.set(id, { ...s, counts: [...s.counts], buckets: [...s.buckets] });
      else {
        s.counts.forEach((n, i) => (into.counts[i] = (into.counts[i] ?? 0) + n));
        s.buckets.forEach((n, i) => (into.buckets[i] = (into.buckets[i] ?? 0) + n));
        into.sumMs += s.sumMs;
      }
    }
    addAll(out.drops.callers, p.drops.callers);
    addAll(out.drops.keys, p.drops.keys);
    if (p.drops.throttles !== undefined) addAll((out.drops.throttles ??= {}), p.drops.throttles);
    for (const k of Object.keys(out.cache) as (keyof CacheCounters)[]) out.cache[k] += p.cache[k];
    for (const [name, state] of Object.entries(p.breakers)) {
      const cur = out.breakers[name];
      if (cur === undefined || SEVERITY[state] > SEVERITY[cur]) out.breakers[name] = state;
    }
    addAll(out.breakerTrips, p.breakerTrips);
    if (p.shadow !== undefined) addShadow((out.shadow ??= {}), p.shadow);
    out.inFlight += p.inFlight;
    for (const h of p.hotKeys) hot.set(h.key, (hot.get(h.key) ?? 0) + h.qps);
    for (const b of p.bigKeys) {
      const id = `${b.direction}\u0000${b.key}`;
      const into = big.get(id);
      big.set(id, into === undefined ? { ...b } : { ...b, count: into.count + b.count });
    }
  }
  out.series = [...series.values()];
  out.hotKeys = [...hot]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 50)
    .map(([key, qps]) => ({ key, qps }));
  out.bigKeys = [...big.values()];
  return out;
}

function addAll(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function addShadow(
  into: Record<string, Record<string, ShadowCounts>>,
  from: Record<string, Record<string, ShadowCounts>>,
): void {
  for (const [migration, byType] of Object.entries(from)) {
    const target = (into[migration] ??= {});
    for (const [keyType, c] of Object.entries(byType)) {
      const t = (target[keyType] ??= {
        compared: 0,
        equal: 0,
        differing: 0,
        missingOnNew: 0,
        notFoundOld: 0,
        notFoundNew: 0,
      });
      for (const k of Object.keys(t) as (keyof ShadowCounts)[]) t[k] += c[k];
    }
  }
}
