/**
 * Issue 18: the failover preview's traffic figures come from what real workers served. A real
 * proxy worker polls a running console (HTTP handlers, embedded Postgres) and heartbeats to it;
 * a client sends a known number of reads and writes of code 1 through the proxy; once those
 * heartbeats sit in complete 10 s buckets, `syctl failover preview gz sh --json` must show them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileLayout, dayOf, DEMO_INSTANCES, DEMO_LAYOUT, encodeMeetingId } from '@switchyard/core';
import { startProxy, type ProxyHandle } from '@switchyard/proxy';
import { startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_TOKEN,
  startApiServer,
  startTestApi,
  WORKER_TOKEN,
  type ApiServer,
  type TestApi,
} from '@switchyard/api/testing';
import { syctlInProcess } from './run-syctl.ts';

let api: TestApi;
let server: ApiServer;
let proxy: ProxyHandle;
let home: RedisProcess;
let others: RedisProcess;
let secret = '';
const dir = mkdtempSync(join(tmpdir(), 'syctl-preview-traffic-'));

const READS = 300;
const WRITES = 120;
const BUCKET_MS = 10_000;

beforeAll(async () => {
  home = await startRedis();
  others = await startRedis();
  const ports = Object.fromEntries(
    DEMO_INSTANCES.map((i) => [i.name, i.name === 'gz-personal' ? home.port : others.port]),
  );
  api = await startTestApi({ ports });
  server = await startApiServer(api.deps);
  const draft = await api.as('admin').draft.get();
  secret = (
    await api
      .as('admin')
      .callers.rotateSecret({ expectedRevision: draft.revision, name: 'demo', reason: 'a secret the test knows' })
  ).secret;
  const edited = await api.as('admin').draft.get();
  await api.as('admin').draft.publish({ expectedRevision: edited.revision, reason: 'publish the new demo secret' });
  proxy = await startProxy({
    PROXY_PORT: 0,
    CONSOLE_URL: server.url,
    WORKER_TOKEN,
    SWITCHYARD_WORKER_NAME: 'proxy-traffic',
    SWITCHYARD_REGION: 'gz',
    LKG_PATH: join(dir, 'lkg.json'),
    HEARTBEAT_INTERVAL_MS: 100,
    SHUTDOWN_GRACE_MS: 500,
    logger: { log: () => undefined },
  });
}, 90_000);

afterAll(async () => {
  await proxy?.close();
  await server?.close();
  await api?.stop();
  await Promise.all([home?.stop(), others?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Reads and writes of gz-personal stored so far, and the newest bucket holding any of them. */
async function stored(): Promise<{ reads: number; writes: number; last: number }> {
  const rows = await api.db.metricBucket.findMany({ where: { worker: 'proxy-traffic' } });
  let reads = 0;
  let writes = 0;
  let last = 0;
  for (const row of rows) {
    const inst = (row.byInstance as Record<string, { reads?: number; writes?: number }>)['gz-personal'];
    if (!inst || (inst.reads ?? 0) + (inst.writes ?? 0) === 0) continue;
    reads += inst.reads ?? 0;
    writes += inst.writes ?? 0;
    last = Math.max(last, row.bucketStart.getTime());
  }
  return { reads, writes, last };
}

interface TPreview {
  impact: {
    qps: {
      total: number;
      reads: number | null;
      writes: number | null;
      byCode: { code: number; qps: number; reads: number | null; writes: number | null }[];
      byCaller: { caller: string; reads: number; writes: number }[];
    };
  };
}

describe('failover preview traffic from a real worker', { timeout: 90_000 }, () => {
  it('shows the reads and writes per second the worker served for the moving code, per code and per caller', async () => {
    const client = new Redis({
      port: proxy.port,
      username: 'demo',
      password: secret,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    await waitUntil(
      () => client.ping(),
      (r) => r === 'PONG',
      'the proxy to serve with the published config',
      30_000,
    );
    const layout = compileLayout(DEMO_LAYOUT);
    const key = (n: number) =>
      encodeMeetingId(
        { kind: 'normal', code: 1, day: dayOf(new Date(), DEMO_LAYOUT), random: (1n << layout.codeShift) | BigInt(n) },
        layout,
      ).toString();
    const p = client.pipeline();
    for (let i = 0; i < WRITES; i++) p.set(key(i), 'v');
    for (let i = 0; i < READS; i++) p.get(key(i % WRITES));
    const replies = await p.exec();
    client.disconnect();
    expect(replies?.filter(([err]) => err !== null)).toEqual([]);

    // Every request reached the console in heartbeats, and the bucket holding the last of them is complete.
    const sent = await waitUntil(
      stored,
      (s) => s.reads === READS && s.writes === WRITES,
      'the heartbeats with the traffic',
      30_000,
    );
    await waitUntil(
      async () => Date.now(),
      (now) => Math.floor(now / BUCKET_MS) * BUCKET_MS > sent.last,
      'the bucket to complete',
      15_000,
      200,
    );

    const run = await syctlInProcess(
      ['failover', 'preview', 'gz', 'sh', '--json'],
      { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: API_TOKEN },
      dir,
    );
    expect(run.code, run.stderr).toBe(0);
    const { qps } = (JSON.parse(run.stdout) as TPreview).impact;
    const code1 = qps.byCode.find((c) => c.code === 1)!;
    // Rates are per second over the span of buckets with data (whole 10 s buckets): find that span
    // from the reads, then the writes and the total must fit the same span.
    const seconds = READS / code1.reads!;
    const buckets = Math.round(seconds / 10);
    expect(buckets).toBeGreaterThanOrEqual(1);
    expect(code1.reads).toBeCloseTo(READS / (buckets * 10), 2);
    expect(code1.writes).toBeCloseTo(WRITES / (buckets * 10), 2);
    expect(code1.qps).toBeCloseTo((READS + WRITES) / (buckets * 10), 2);
    expect(qps.byCaller).toContainEqual({ caller: 'demo', reads: code1.reads, writes: code1.writes });
    // gz-personal is the only moving home with traffic, so the totals are code 1's.
    expect(qps.reads).toBe(code1.reads);
    expect(qps.writes).toBe(code1.writes);

    const text = await syctlInProcess(
      ['failover', 'preview', 'gz', 'sh'],
      { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: API_TOKEN },
      dir,
    );
    expect(text.stdout).toContain(
      `code 1 (personal) on gz-personal: ${code1.qps} ops/s (${code1.reads} reads, ${code1.writes} writes)`,
    );
    expect(text.stdout).toContain(`caller demo: ${code1.reads} reads/s, ${code1.writes} writes/s`);

    // syctl degrade … --dry-run: the caller's offered load (everything demo sent, a PING included) and the cut; nothing published.
    const dry = await syctlInProcess(
      ['degrade', 'caller', 'demo', '0.25', '--dry-run', '--json'],
      { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: API_TOKEN },
      dir,
    );
    expect(dry.code, dry.stderr).toBe(0);
    const drop = JSON.parse(dry.stdout) as {
      offeredQps: number;
      qpsCutNow: number;
      qpsCutAfter: number;
      rules: unknown[];
    };
    expect(drop.offeredQps).toBeGreaterThanOrEqual(code1.qps);
    expect(drop).toMatchObject({
      qpsCutNow: 0,
      qpsCutAfter: Math.round(drop.offeredQps * 0.25 * 100) / 100,
      rules: [],
    });
    expect((await api.as('viewer').degradation.list()).callers).toEqual([]);
    const noReason = await syctlInProcess(
      ['degrade', 'caller', 'demo', '0.25', '--yes'],
      { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: API_TOKEN },
      dir,
    );
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toMatch(/--reason/);
  });
});
