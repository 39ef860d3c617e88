import { ZHeartbeatSummary } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { quantile, SummaryBuilder } from './heartbeat-summary.ts';
import { LATENCY_BUCKETS_MS, OUTCOMES, RequestMetrics } from './request-metrics.ts';
import { emptyTelemetry, mergeTelemetry, type TelemetrySnapshot } from './telemetry.ts';

const OK = Buffer.from('+OK\r\n');
const ERR = Buffer.from("-ERR SWITCHYARD backend 'a' unavailable: x\r\n");

function snapshotOf(m: RequestMetrics, extra: Partial<TelemetrySnapshot> = {}): TelemetrySnapshot {
  return { ...emptyTelemetry(), series: m.snapshot(), ...extra };
}

describe('SummaryBuilder', () => {
  it('reports deltas since the previous heartbeat, valid against ZHeartbeatSummary', () => {
    const m = new RequestMetrics();
    const s = m.series('demo', 'GET', 'a');
    for (let i = 0; i < 8; i++) m.observe(s, 0.3, OK, 0, OK.length);
    m.observe(s, 3, ERR, 0, ERR.length);
    m.series('demo', 'GET', '-').dropped += 2;
    const b = new SummaryBuilder();
    const first = b.next(snapshotOf(m, { drops: { callers: { demo: 2 }, keys: {} } }), 1);
    expect(ZHeartbeatSummary.safeParse(first).success).toBe(true);
    expect(first).toMatchObject({ requests: 11, errors: 3, byCaller: { demo: 11 }, byInstance: { a: { requests: 9, errors: 1 }, '-': { requests: 2, errors: 2 } } });
    expect(first.drops.callers).toEqual({ demo: 2 });
    expect(first.latencyMs.p50).toBeGreaterThan(0.25);
    expect(first.latencyMs.p50).toBeLessThanOrEqual(0.5);
    m.observe(s, 0.3, OK, 0, OK.length);
    const second = b.next(snapshotOf(m, { drops: { callers: { demo: 2 }, keys: {} } }), 1);
    expect(second).toMatchObject({ requests: 1, errors: 0, drops: { callers: {}, keys: {} } });
  });

  it('interpolates quantiles inside buckets', () => {
    const buckets = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
    expect(quantile(buckets, 0.5)).toBe(0);
    buckets[3] = 100; // (0.5, 1] ms
    expect(quantile(buckets, 0.5)).toBe(0.75);
    expect(quantile(buckets, 0.99)).toBeCloseTo(0.995);
  });
});

describe('mergeTelemetry', () => {
  it('sums series and counters, keeps the worst breaker state, adds hot-key QPS', () => {
    const a = new RequestMetrics();
    a.series('demo', 'GET', 'x').ok = 3;
    const b = new RequestMetrics();
    b.series('demo', 'GET', 'x').ok = 4;
    const merged = mergeTelemetry([
      snapshotOf(a, { breakers: { x: 'closed' }, hotKeys: [{ key: 'k', qps: 5 }], inFlight: 1 }),
      snapshotOf(b, { breakers: { x: 'open' }, hotKeys: [{ key: 'k', qps: 7 }], inFlight: 2 }),
    ]);
    expect(merged.series).toHaveLength(1);
    expect(merged.series[0]!.counts[OUTCOMES.indexOf('ok')]).toBe(7);
    expect(merged.breakers).toEqual({ x: 'open' });
    expect(merged.hotKeys).toEqual([{ key: 'k', qps: 12 }]);
    expect(merged.inFlight).toBe(3);
  });
});
