/**
 * Previews (issue 15 finding 6) against a real redis-server as the source: the create preview
 * counts the keys in scope (exactly, and extrapolated past the scan limit), refuses r ≥ M,
 * and creates nothing; the step preview shows the share of meetings whose routing changes and
 * whether the gate passes, without changing anything.
 */
import { Redis } from 'ioredis';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { midWithCode } from '../../../migration/src/test-support/snapshot.ts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { recordHeartbeatMetrics } from './metrics-service.ts';

let api: TestApi;
let source: RedisProcess;
let client: Redis;
const MEETINGS = 400;
let inScope = 0;

beforeAll(async () => {
  source = await startRedis();
  api = await startTestApi({
    ports: { 'gz-personal': source.port },
    options: { redisTimeoutMs: 1000, backfillKeysPerSecond: 100, previewScanLimit: 100_000 },
  });
  client = new Redis({ port: source.port });
  const p = client.pipeline();
  for (let n = 0; n < MEETINGS; n++) {
    const mid = midWithCode(1, n);
    p.set(`stable_${mid}`, 'x');
    if (BigInt(mid) % 4n === 2n) inScope++;
  }
  p.set('key:bench', 'not code 1');
  await p.exec();
}, 60_000);
afterAll(async () => {
  client?.disconnect();
  await api?.stop();
  await source?.stop();
});

describe('migration previews', () => {
  it('create: scope, exact key count in scope and backfill time; nothing is created', async () => {
    const operator = api.as('operator');
    const all = await operator.migrations.previewCreate({ code: 1, from: 'gz-personal', to: 'spare' });
    expect(all).toMatchObject({
      scope: 'all of code 1',
      sharePercent: 100,
      keys: { inScope: MEETINGS, sourceKeys: MEETINGS + 1, estimate: MEETINGS, exact: true },
      backfillSeconds: MEETINGS / 100,
    });
    const split = await operator.migrations.previewCreate({
      code: 1,
      from: 'gz-personal',
      to: 'spare',
      scope: { modulo: 4, remainder: 2 },
    });
    expect(inScope).toBeGreaterThan(0);
    expect(split).toMatchObject({ sharePercent: 25, keys: { inScope, estimate: inScope, exact: true } });
    expect(split.scope).toContain('mid % 4 == 2');
    await expect(
      operator.migrations.previewCreate({
        code: 1,
        from: 'gz-personal',
        to: 'spare',
        scope: { modulo: 4, remainder: 4 },
      }),
    ).rejects.toMatchObject({ apiCode: 'SCOPE_INVALID' });
    // M without r is not a scope: the boundary refuses it instead of using r = 0.
    await expect(
      operator.migrations.create({
        name: 'x',
        code: 1,
        from: 'gz-personal',
        to: 'spare',
        scope: { modulo: 4 } as { modulo: number; remainder: number },
        reason: 'no r',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await api.db.migration.count()).toBe(0);
  });

  it('create: past the scan limit the count is an estimate from DBSIZE', async () => {
    const limited = await startTestApi({ ports: { 'gz-personal': source.port }, options: { previewScanLimit: 50 } });
    try {
      const r = await limited.as('operator').migrations.previewCreate({ code: 1, from: 'gz-personal', to: 'spare' });
      expect(r.keys?.exact).toBe(false);
      expect(r.keys!.scanned).toBeLessThan(MEETINGS);
      expect(r.keys!.estimate).toBeGreaterThan(MEETINGS / 2);
      expect(r.keys!.estimate).toBeLessThanOrEqual(MEETINGS + 1);
    } finally {
      await limited.stop();
    }
  });

  it('step: what changes for which share, the gate and the confirmation, without changing anything', async () => {
    const operator = api.as('operator');
    const { migration } = await operator.migrations.create({
      name: 'preview me',
      code: 1,
      from: 'gz-personal',
      to: 'spare',
      reason: 'preview',
    });
    const id = migration.id;
    await operator.migrations.advance({ id, to: 'BACKFILL', reason: 'copy' });
    await operator.migrations.advance({ id, to: 'RECONCILE', reason: 'compare' });
    const gray = await operator.migrations.previewStep({ id, to: 'GRAY_READ', percent: 25 });
    expect(gray).toMatchObject({
      ok: false,
      code: 'RECON_MISSING',
      overridable: true,
      confirmName: null,
      before: { phase: 'RECONCILE', readsNewPercent: 0, writeOrder: 'old then new' },
      after: { phase: 'GRAY_READ', readsNewPercent: 25, newOnlyPercent: 0 },
      gate: { forward: null, reverse: null },
    });
    expect(gray.effects.join(' ')).toContain('reads: new for 25% of the meetings in scope');
    const noPercent = await operator.migrations.previewStep({ id, to: 'GRAY_READ' });
    expect(noPercent).toMatchObject({ ok: false, code: 'PERCENT_REQUIRED', overridable: false, after: null });
    const abort = await operator.migrations.previewStep({ id, to: 'ABORTED' });
    expect(abort).toMatchObject({ ok: true, confirmName: 'preview me', after: { writeOrder: 'old only' } });
    expect((await operator.migrations.status({ id })).phase).toBe('RECONCILE');
  });

  it('step: the reconFresh safety rule shows in the preview, blocks the advance, and yields to an admin break-glass', async () => {
    const operator = api.as('operator');
    const [m] = (await operator.migrations.list()).migrations;
    const rules = (await api.as('viewer').safety.list()).current;
    await api.as('admin').safety.set({
      rules: { ...rules.rules, reconFresh: { enabled: true, maxAgeHours: 1 } },
      expectedVersion: rules.version,
      reason: 'recon first',
    });
    const preview = await operator.migrations.previewStep({ id: m!.id, to: 'GRAY_READ', percent: 25 });
    expect(preview.rules).toEqual([
      {
        name: 'reconFresh',
        ok: false,
        soft: false,
        message: 'preview me: no finished reconciliation; run one before GRAY_READ',
      },
    ]);
    const step = {
      id: m!.id,
      to: 'GRAY_READ' as const,
      percent: 25,
      overrideReason: 'no recon in this test',
      reason: 'gray',
    };
    await expect(operator.migrations.advance(step)).rejects.toMatchObject({ apiCode: 'SAFETY_RULE_BREACH' });
    expect((await operator.migrations.status({ id: m!.id })).phase).toBe('RECONCILE');
    const done = await api
      .as('admin')
      .migrations.advance({ ...step, breakGlassReason: 'test: accept an unreconciled gray read' });
    expect(done.migration.phase).toBe('GRAY_READ');
    expect(
      await api.db.auditEntry.count({ where: { action: 'safety.breakGlass', target: { contains: 'GRAY_READ' } } }),
    ).toBe(1);
    const back = await operator.migrations.previewStep({ id: m!.id, to: 'RECONCILE', rollback: true });
    expect(back.rules).toEqual([]);
  });
  it("step: the reads it moves onto the target from the heartbeats, the target's headroom, and the soft headroom rule", async () => {
    const admin = api.as('admin');
    const [m] = (await admin.migrations.list()).migrations;
    expect(m!.phase).toBe('GRAY_READ');
    const draft = await admin.draft.get();
    const spare = draft.snapshot.instances.find((i) => i.name === 'spare')!;
    const sized = await admin.instances.upsert({
      expectedRevision: draft.revision,
      instance: { ...spare, opsCapacity: 100 },
    });
    await admin.draft.publish({ expectedRevision: sized.revision, reason: 'size the spare' });
    const rules = (await api.as('viewer').safety.list()).current;
    await admin.safety.set({
      rules: { ...rules.rules, headroom: { enabled: true, maxMemoryPercent: 100, maxOpsPercent: 80 } },
      expectedVersion: rules.version,
      reason: 'ops headroom',
    });
    // Two complete 10 s buckets: the source serves 1,600 reads + 400 writes in each, the target 200 (its dual writes).
    const now = Date.now();
    const bucket = (ago: number) => new Date(Math.floor((now - ago) / 10_000) * 10_000 + 1);
    const summary = {
      windowSec: 10,
      requests: 2_200,
      errors: 0,
      byCaller: { demo: 2_200 },
      byInstance: {
        'gz-personal': { requests: 2_000, errors: 0, reads: 1_600, writes: 400 },
        spare: { requests: 200, errors: 0, reads: 0, writes: 200 },
      },
      latencyMs: { p50: 1, p99: 2 },
      drops: { callers: {}, keys: {} },
      cache: { hits: 0, misses: 0, staleServes: 0 },
      breakers: {},
      hotKeys: [],
      bigKeys: [],
      inFlight: 0,
    };
    for (const ago of [30_000, 20_000])
      await recordHeartbeatMetrics(api.db, { name: 'proxy-gz-1', region: 'gz', summary }, { now: bucket(ago) });
    // Gray read 25% → 100%: 75% of the source's 160 reads/s move.
    const step = await api.as('operator').migrations.previewStep({ id: m!.id, to: 'GRAY_READ', percent: 100 });
    expect(step.after?.readsNewPercent).toBe(100);
    expect(step.capacity).toMatchObject({
      source: 'gz-personal',
      target: 'spare',
      sharePercent: 100,
      sourceQps: 200,
      sourceReadsQps: 160,
      readsToTargetQps: 120,
    });
    expect(step.capacity.memoryBytes).toBeGreaterThan(0);
    expect(step.capacity.receiver).toMatchObject({
      name: 'spare',
      qpsNow: 20,
      qpsAfter: 140,
      opsCapacity: 100,
      headroom: { opsPercentAfter: 140 },
    });
    expect(step.rules.find((r) => r.name === 'headroom')).toMatchObject({
      ok: false,
      soft: true,
      message: expect.stringContaining('spare would serve 140 ops/s'),
    });
    // Rolling back gives the reads back: the target's load goes down, and no rules are listed.
    const back = await api.as('operator').migrations.previewStep({ id: m!.id, to: 'RECONCILE', rollback: true });
    expect(back.capacity).toMatchObject({ readsToTargetQps: -40, receiver: { qpsAfter: 0 } });
    expect(back.rules).toEqual([]);
  });
});
