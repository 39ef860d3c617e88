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
    m.series('demo', 'GET', '-').add('dropped', 2);
    const b = new SummaryBuilder();
    const first = b.next(snapshotOf(m, { drops: { callers: { demo: 2 }, keys: {} } }), 1);
    expect(ZHeartbeatSummary.safeParse(first).success).toBe(true);
    expect(first).toMatchObject({
      requests: 11,
      errors: 3,
      byCaller: { demo: 11 },
      byInstance: { a: { requests: 9, errors: 1 }, '-': { requests: 2, errors: 2 } },
    });
    expect(first.drops.callers).toEqual({ demo: 2 });
    expect(first.latencyMs.p50).toBeGreaterThan(0.25);
    expect(first.latencyMs.p50).toBeLessThanOrEqual(0.5);
    m.observe(s, 0.3, OK, 0, OK.length);
    const second = b.next(snapshotOf(m, { drops: { callers: { demo: 2 }, keys: {} } }), 1);
    expect(second).toMatchObject({ requests: 1, errors: 0, drops: { callers: {}, keys: {} } });
  });

  it("splits each instance's requests into reads and writes, in total and per caller", () => {
    const m = new RequestMetrics();
    for (let i = 0; i < 5; i++) m.observe(m.series('demo', 'GET', 'a'), -1, OK, 0, OK.length);
    for (let i = 0; i < 3; i++) m.observe(m.series('demo', 'SET', 'a'), -1, OK, 0, OK.length);
    m.observe(m.series('batch', 'HSET', 'a'), -1, ERR, 0, ERR.length);
    m.observe(m.series('batch', 'SY.NEWID', 'b'), -1, OK, 0, OK.length);
    m.series('batch', 'SET', '-').add('limited', 2);
    const first = new SummaryBuilder().next(snapshotOf(m), 1);
    expect(ZHeartbeatSummary.safeParse(first).success).toBe(true);
    expect(first.byInstance['a']).toEqual({
      requests: 9,
      errors: 1,
      reads: 5,
      writes: 4,
      callers: { demo: { reads: 5, writes: 3 }, batch: { reads: 0, writes: 1 } },
    });
    expect(first.byInstance['b']).toMatchObject({ reads: 0, writes: 1 });
    expect(first.byInstance['-']).toMatchObject({ requests: 2, reads: 0, writes: 2 });
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
    a.series('demo', 'GET', 'x').add('ok', 3);
    const b = new RequestMetrics();
    b.series('demo', 'GET', 'x').add('ok', 4);
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
