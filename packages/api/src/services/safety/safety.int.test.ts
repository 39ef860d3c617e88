/**
 * Safety rules end to end (issue 18): versioned and audited rule edits, a rule blocking a
 * change at apply time, break-glass refused to an operator and accepted from an admin (loud in
 * the audit and in safety.list), and the failover preview's rules/headroom from real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';
import { compileLayout, dayOf, DEMO_LAYOUT, encodeMeetingId } from '@switchyard/core';
import { recordHeartbeatMetrics } from '../metrics-service.ts';
import { DEFAULT_RULES } from '../../routers/safety/rules.types.ts';

let api: TestApi;
const redis: Record<string, RedisProcess> = {};

beforeAll(async () => {
  redis['gz-personal'] = await startRedis();
  redis['gz-enterprise'] = await startRedis();
  redis['gz-personal-sh'] = await startRedis({ replicaOf: { host: '127.0.0.1', port: redis['gz-personal'].port } });
  redis['gz-enterprise-sh'] = await startRedis({ replicaOf: { host: '127.0.0.1', port: redis['gz-enterprise'].port } });
  const ports = Object.fromEntries(Object.entries(redis).map(([name, r]) => [name, r.port]));
  api = await startTestApi({ ports, options: { redisTimeoutMs: 500 } });
});

afterAll(async () => {
  await Promise.all(Object.values(redis).map((r) => r.stop()));
  await api?.stop();
});

const drop = { caller: 'demo', ratio: 0.8, reason: 'shed load in test' };

describe('safety rules', () => {
  it('starts with every rule off, version 0, and lets only an admin save a new version (audited)', async () => {
    const first = await api.as('viewer').safety.list();
    expect(first.current.version).toBe(0);
    expect(first.rules.every((r) => !r.enabled)).toBe(true);
    const rules = {
      ...DEFAULT_RULES,
      callerDropMax: { enabled: true, maxPercent: 50 },
      permanentDrops: { enabled: true, max: 5 },
    };
    await expect(
      api.as('operator').safety.set({ rules, expectedVersion: 0, reason: 'turn on drop limits' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const saved = await api.as('admin').safety.set({ rules, expectedVersion: 0, reason: 'turn on drop limits' });
    expect(saved.version).toBe(1);
    await expect(
      api.as('admin').safety.set({ rules, expectedVersion: 0, reason: 'a stale edit' }),
    ).rejects.toMatchObject({ apiCode: 'SAFETY_RULES_STALE', message: expect.stringContaining('version 1, not 0') });
    const audit = await api.db.auditEntry.findFirst({ where: { action: 'safety.set', outcome: 'ok' } });
    expect(audit?.after).toMatchObject({ version: 1 });
    expect((await api.as('viewer').safety.history()).map((v) => v.version)).toEqual([1]);
  });

  it('blocks a drop above the limit, with the rule named, and audits the refusal', async () => {
    const refused = api.as('operator').degradation.setCaller(drop);
    await expect(refused).rejects.toMatchObject({
      apiCode: 'SAFETY_RULE_BREACH',
      message: expect.stringContaining('callerDropMax: caller demo drops 80% (limit 50%)'),
    });
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'degradation.setCaller', outcome: 'error' },
      orderBy: { at: 'desc' },
    });
    expect(audit?.after).toMatchObject({ error: 'SAFETY_RULE_BREACH' });
    expect((await api.as('viewer').degradation.list()).callers).toEqual([]);
  });

  it('refuses break-glass from an operator, accepts it from an admin and shows it loudly', async () => {
    const hook = await api.db.webhook.create({
      data: {
        name: 'safety-watch',
        url: 'http://127.0.0.1:9/hook',
        format: 'json',
        events: ['safety.breakglass'],
        createdBy: 'test',
      },
    });
    await expect(
      api.as('operator').degradation.setCaller({ ...drop, breakGlassReason: 'incident 42' }),
    ).rejects.toMatchObject({ apiCode: 'BREAK_GLASS_ADMIN_ONLY' });
    const published = await api
      .as('admin')
      .degradation.setCaller({ ...drop, breakGlassReason: 'incident 42: region on fire' });
    expect(published.version).toBeGreaterThan(1);
    expect((await api.as('viewer').degradation.list()).callers[0]).toMatchObject({ caller: 'demo', ratio: 0.8 });
    const loud = await api.db.auditEntry.findFirst({ where: { action: 'safety.breakGlass' } });
    expect(loud).toMatchObject({
      actor: 'admin@test.local',
      reason: 'incident 42: region on fire',
      target: 'degradation.setCaller demo',
    });
    const { overrides } = await api.as('viewer').safety.list();
    expect(overrides).toEqual([expect.objectContaining({ actor: 'admin@test.local', rules: ['callerDropMax'] })]);
    // ...and in the notifications: one critical safety.breakglass for the operator's webhooks.
    const sent = await api.db.notificationOutbox.findMany({ where: { webhookId: hook.id } });
    expect(sent.map((n) => n.event)).toEqual(['safety.breakglass']);
    expect(sent[0]!.payload).toMatchObject({
      severity: 'critical',
      fields: { actor: 'admin@test.local', rules: 'callerDropMax' },
    });
    await api.db.webhook.delete({ where: { id: hook.id } });
  });

  it('checks the draft at publish time: the breaching draft needs break-glass too', async () => {
    const draft = await api.as('admin').draft.get();
    const input = { expectedRevision: draft.revision, reason: 'publish the draft' };
    await expect(api.as('admin').draft.publish(input)).rejects.toMatchObject({ apiCode: 'SAFETY_RULE_BREACH' });
    const before = await api.db.auditEntry.count({ where: { action: 'safety.breakGlass' } });
    await api.as('admin').draft.publish({ ...input, breakGlassReason: 'keep the incident drop' });
    expect(await api.db.auditEntry.count({ where: { action: 'safety.breakGlass' } })).toBe(before + 1);
  });

  it('never holds up removing a drop rule (it may be the fix)', async () => {
    await api.as('operator').degradation.clearCaller({ caller: 'demo', reason: 'incident over' });
    expect((await api.as('viewer').degradation.list()).callers).toEqual([]);
  });

  it('reports headroom (soft) and mirror lag in the failover preview from the receiving instances', async () => {
    const mirror = new Redis({ port: redis['gz-personal-sh']!.port, host: '127.0.0.1' });
    try {
      const used = Number(/used_memory:(\d+)/.exec(await mirror.info('memory'))?.[1]);
      // maxmemory just above what is used: well over a 50 % threshold, without evicting.
      await mirror.config('SET', 'maxmemory', String(used + 200_000));
      const current = await api.as('viewer').safety.list();
      const rules = {
        ...current.current.rules,
        headroom: { enabled: true, maxMemoryPercent: 50 },
        mirrorLag: { enabled: true, maxLagBytes: 1_000_000_000 },
      };
      await api.as('admin').safety.set({ rules, expectedVersion: current.current.version, reason: 'headroom and lag' });
      const preview = await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' });
      const receiver = preview.instances.find((i) => i.name === 'gz-personal-sh');
      expect(receiver?.reachable).toBe(true);
      expect(receiver?.headroom.memoryFreePercent).toBeLessThan(50);
      const headroom = preview.rules.find((r) => r.name === 'headroom');
      expect(headroom).toMatchObject({
        ok: false,
        soft: true,
        message: expect.stringContaining('gz-personal-sh uses'),
      });
      expect(preview.rules.find((r) => r.name === 'mirrorLag')).toMatchObject({ ok: true });
    } finally {
      await mirror.config('SET', 'maxmemory', '0');
      mirror.disconnect();
    }
  });

  it('preview figures match the traffic the heartbeats reported, and flag a receiver over its ops capacity', async () => {
    const snapshot = (await api.as('admin').draft.get()).snapshot;
    const mirror = snapshot.instances.find((i) => i.name === 'gz-personal-sh')!;
    const draft = await api.as('admin').draft.get();
    await api.as('admin').instances.upsert({
      expectedRevision: draft.revision,
      instance: { ...mirror, opsCapacity: 150 },
      reason: 'size the sh mirror',
    });
    // Audited like every instance edit, with the changed field in the diff.
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'instances.upsert', target: 'gz-personal-sh', outcome: 'ok' },
      orderBy: { at: 'desc' },
    });
    expect(JSON.stringify(audit?.after)).toContain('opsCapacity');
    const edited = await api.as('admin').draft.get();
    await api.as('admin').draft.publish({ expectedRevision: edited.revision, reason: 'size the sh mirror' });
    const layout = compileLayout(DEMO_LAYOUT);
    const hot = encodeMeetingId(
      { kind: 'normal', code: 1, day: dayOf(new Date(), DEMO_LAYOUT), random: (1n << layout.codeShift) | 7n },
      layout,
    ).toString();
    const now = Date.now();
    const bucket = (ago: number) => new Date(Math.floor((now - ago) / 10_000) * 10_000 + 1);
    const summary = (personal: number, mirrorRequests: number) => ({
      windowSec: 10,
      requests: personal + mirrorRequests,
      errors: 0,
      byCaller: { demo: personal + mirrorRequests },
      byInstance: {
        'gz-personal': { requests: personal, errors: 0 },
        'gz-personal-sh': { requests: mirrorRequests, errors: 0 },
      },
      latencyMs: { p50: 1, p99: 2 },
      drops: { callers: {}, keys: {} },
      cache: { hits: 0, misses: 0, staleServes: 0 },
      breakers: {},
      hotKeys: [
        { key: hot, qps: 42 },
        { key: 'member_1001_0', qps: 5 },
      ],
      bigKeys: [],
      inFlight: 0,
    });
    // Two complete 10 s buckets: 1,000 + 1,400 requests on the gz home, 100 + 100 on its sh mirror.
    await recordHeartbeatMetrics(
      api.db,
      { name: 'proxy-gz-1', region: 'gz', summary: summary(1_000, 100) },
      { now: bucket(30_000) },
    );
    await recordHeartbeatMetrics(
      api.db,
      { name: 'proxy-gz-1', region: 'gz', summary: summary(1_400, 100) },
      { now: bucket(20_000) },
    );
    const current = await api.as('viewer').safety.list();
    await api.as('admin').safety.set({
      rules: { ...current.current.rules, headroom: { enabled: true, maxMemoryPercent: 100, maxOpsPercent: 80 } },
      expectedVersion: current.current.version,
      reason: 'ops headroom',
    });
    const preview = await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' });
    // These buckets carry no read/write split (a worker from before it): unknown, not zero.
    expect(preview.impact.qps.byCode).toContainEqual({
      code: 1,
      identity: 'personal',
      instance: 'gz-personal',
      qps: 120,
      reads: null,
      writes: null,
    });
    expect(preview.impact.qps).toMatchObject({ reads: null, writes: null });
    expect(preview.impact.hotKeys).toContainEqual({ key: hot, qps: 42, code: 1, instance: 'gz-personal' });
    expect(preview.impact.memoryBytes).toBeGreaterThan(0);
    const receiver = preview.instances.find((i) => i.name === 'gz-personal-sh');
    expect(receiver).toMatchObject({
      qpsNow: 10,
      qpsAfter: 130,
      opsCapacity: 150,
      headroom: { opsPercentAfter: 86.67 },
    });
    expect(preview.rules.find((r) => r.name === 'headroom')).toMatchObject({
      ok: false,
      soft: true,
      message: expect.stringContaining('gz-personal-sh would serve 130 ops/s'),
    });
  });
  it('previews a drop change: the ops/s the caller or key offers, what it would cut, and the rules on it (changes nothing)', async () => {
    // The heartbeats of the previous test: demo sent 1,100 + 1,500 requests over two 10 s buckets.
    const current = await api.as('viewer').safety.list();
    await api.as('admin').safety.set({
      rules: { ...current.current.rules, callerDropMax: { enabled: true, maxPercent: 50 } },
      expectedVersion: current.current.version,
      reason: 'cap drops',
    });
    const before = await api.as('viewer').degradation.list();
    const nowRatio = before.callers.find((c) => c.caller === 'demo' && c.active)?.ratio ?? 0;
    const caller = await api
      .as('viewer')
      .degradation.previewDrop({ kind: 'caller', caller: 'demo', ratio: 0.9, expiresInMinutes: 30 });
    expect(caller).toMatchObject({
      kind: 'caller',
      target: 'demo',
      currentRatio: nowRatio,
      offeredQps: 130,
      qpsCutNow: Math.round(130 * nowRatio * 100) / 100,
      qpsCutAfter: 117,
    });
    expect(caller.rules.find((r) => r.name === 'callerDropMax')).toMatchObject({
      ok: false,
      message: expect.stringContaining('caller demo drops 90% (limit 50%)'),
    });
    const removal = await api.as('viewer').degradation.previewDrop({ kind: 'caller', caller: 'demo', ratio: 0 });
    expect(removal).toMatchObject({ qpsCutAfter: 0, rules: [] });
    const hot = (await api.db.metricBucket.findFirst({ where: { worker: 'proxy-gz-1' } }))!.hotKeys as {
      key: string;
      qps: number;
    }[];
    const key = await api.as('viewer').degradation.previewDrop({ kind: 'key', key: hot[0]!.key, ratio: 0.5 });
    expect(key).toMatchObject({ currentRatio: 0, offeredQps: 42, qpsCutNow: 0, qpsCutAfter: 21 });
    expect(
      (await api.as('viewer').degradation.previewDrop({ kind: 'key', key: 'cold_key', ratio: 0.5 })).offeredQps,
    ).toBeNull();
    // Nothing was published.
    expect((await api.as('viewer').degradation.list()).version).toBe(before.version);
  });
});
