/** Hot and big keys, Prometheus /metrics and the heartbeat summary, end to end. */
import { ZHeartbeatSummary } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SummaryBuilder } from '../src/telemetry/heartbeat-summary.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';
import { FakeConsole } from './fake-console.ts';

let demo: DemoFixture;
let fake: FakeConsole;

beforeAll(async () => {
  fake = new FakeConsole();
  const consoleUrl = await fake.listen();
  demo = await startDemo({
    proxy: {
      METRICS_PORT: 0,
      HOT_KEY_WINDOW_MS: 300,
      HOT_KEY_SAMPLE_EVERY: 1,
      BIG_KEY_REQUEST_BYTES: 10_000,
      BIG_KEY_REPLY_BYTES: 10_000,
      CONSOLE_URL: consoleUrl,
      HEARTBEAT_INTERVAL_MS: 200,
    },
    edit: (s) => (s.degradation = { callers: [], keys: [{ key: 'stable_1', ratio: 1 }] }),
  });
}, 60_000);
afterAll(async () => {
  await demo?.stop();
  await fake?.close();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('hot and big keys', () => {
  it('finds the hammered key at the top of the window', async () => {
    const client = demo.client();
    const hot = meetingId(1, 5n);
    const p = client.pipeline();
    for (let i = 0; i < 400; i++) p.get(hot);
    for (let i = 0; i < 40; i++) p.get(meetingId(2, BigInt(i)));
    await p.exec();
    let top = demo.proxy.ctx.guard.hotKeys.top();
    for (let i = 0; i < 50 && top[0]?.key !== hot; i++) {
      await sleep(50);
      top = demo.proxy.ctx.guard.hotKeys.top();
    }
    expect(top[0]?.key).toBe(hot);
    expect(top[0]!.qps).toBeGreaterThan(top[1]?.qps ?? 0);
  });

  it('flags a large value on the way in and on the way out', async () => {
    const client = demo.client();
    const key = meetingId(1, 6n);
    await client.set(key, 'x'.repeat(50_000));
    expect((await client.get(key))?.length).toBe(50_000);
    const big = demo.proxy.ctx.guard.bigKeys.snapshot();
    expect(big).toContainEqual(expect.objectContaining({ key, direction: 'request', command: 'SET' }));
    expect(big).toContainEqual(
      expect.objectContaining({ key, direction: 'reply', command: 'GET', bytes: 50_000 + 10 /* $50000\r\n…\r\n */ }),
    );
  });
});

describe('metrics', () => {
  it('exposes the request, latency, drop, cache, breaker, config and in-flight series', async () => {
    const client = demo.client();
    await client.get(meetingId(1, 7n));
    await client.set(`stable_${meetingId(1, 8n)}`, 'v');
    await client.get(`stable_${meetingId(1, 8n)}`);
    await client.get(`stable_${meetingId(1, 8n)}`);
    await expect(client.get('stable_1')).rejects.toThrow(/degraded/);
    const text = await (await fetch(`http://127.0.0.1:${demo.proxy.metricsPort}/metrics`)).text();
    expect(text).toMatch(
      /switchyard_requests_total\{caller="demo",command="GET",instance="gz-personal",outcome="ok",worker="proxy-1"\} \d+/,
    );
    expect(text).toMatch(
      /switchyard_requests_total\{caller="demo",command="GET",instance="gz-personal",outcome="cached",worker="proxy-1"\} [1-9]/,
    );
    expect(text).toMatch(
      /switchyard_request_duration_seconds_bucket\{command="GET",instance="gz-personal",le="\+Inf",worker="proxy-1"\} \d+/,
    );
    expect(text).toMatch(/switchyard_drops_total\{kind="key",rule="stable_1",worker="proxy-1"\} 1/);
    expect(text).toMatch(/switchyard_cache_hits_total\{worker="proxy-1"\} [1-9]/);
    expect(text).toMatch(/switchyard_cache_misses_total\{worker="proxy-1"\} [1-9]/);
    expect(text).toMatch(/switchyard_circuit_breaker_state\{instance="gz-personal",worker="proxy-1"\} 0/);
    expect(text).toMatch(/switchyard_config_version\{worker="proxy-1"\} 1/);
    expect(text).toMatch(/switchyard_in_flight\{worker="proxy-1"\} 0/);
  });

  it('heartbeats a ZHeartbeatSummary of the last window', async () => {
    const client = demo.client();
    for (let i = 0; i < 20; i++) await client.get(meetingId(5, 9n));
    let found = false;
    for (let i = 0; i < 50 && !found; i++) {
      await sleep(50);
      found = fake.heartbeats.some((h) => ZHeartbeatSummary.parse(h.summary).byInstance['sh-personal'] !== undefined);
    }
    expect(found).toBe(true);
    // Deltas: a window with no traffic reports no requests.
    const builder = new SummaryBuilder();
    const first = builder.next(demo.proxy.ctx.guard.snapshot(), 1);
    expect(first.requests).toBeGreaterThan(20);
    expect(first.byCaller.demo).toBe(first.requests);
    expect(first.latencyMs.p99).toBeGreaterThanOrEqual(first.latencyMs.p50);
    expect(first.breakers['sh-personal']).toBe('closed');
    const second = builder.next(demo.proxy.ctx.guard.snapshot(), 1);
    expect(second.requests).toBe(0);
    expect(second.drops).toEqual({ callers: {}, keys: {} });
  });
});
