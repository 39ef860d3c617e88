/**
 * Failover and failback against real redis-server processes: the gz homes and their sh
 * mirrors (started with --replicaof). Other demo instances are absent (unreachable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { compileLayout, dayOf, encodeMeetingId, DEMO_LAYOUT } from '@switchyard/core';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { setReplicaReadOnly } from './redis-admin.ts';

let api: TestApi;
const redis: Record<string, RedisProcess> = {};
const clients = new Map<string, Redis>();

const client = (name: string): Redis => {
  let r = clients.get(name);
  if (!r) {
    r = new Redis({ port: redis[name]!.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
    // One test stops an instance on purpose; its client's reconnect errors are expected.
    r.on('error', () => undefined);
    clients.set(name, r);
  }
  return r;
};
const role = async (name: string): Promise<string> =>
  /role:(\w+)/.exec(await client(name).info('replication'))?.[1] ?? '?';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const linked = async (name: string): Promise<boolean> =>
  (await client(name).info('replication')).includes('master_link_status:up');

/** A normal meeting ID whose storage code is 1 (gz, personal). */
const code1Meeting = (): string => {
  const layout = compileLayout(DEMO_LAYOUT);
  return encodeMeetingId(
    { kind: 'normal', code: 1, day: dayOf(new Date(), DEMO_LAYOUT), random: (1n << layout.codeShift) | 99n },
    layout,
  ).toString();
};

beforeAll(async () => {
  redis['gz-personal'] = await startRedis();
  redis['gz-enterprise'] = await startRedis();
  redis['gz-personal-sh'] = await startRedis({ replicaOf: { host: '127.0.0.1', port: redis['gz-personal'].port } });
  redis['gz-enterprise-sh'] = await startRedis({ replicaOf: { host: '127.0.0.1', port: redis['gz-enterprise'].port } });
  const ports = Object.fromEntries(Object.entries(redis).map(([name, r]) => [name, r.port]));
  api = await startTestApi({ ports, options: { redisTimeoutMs: 500, resyncTimeoutMs: 3_000 } });
  await until(() => linked('gz-personal-sh'), 'mirror link');
  await until(() => linked('gz-enterprise-sh'), 'mirror link');
});

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await Promise.all(Object.values(redis).map((r) => r.stop()));
  await api?.stop();
});

describe('instances.health', () => {
  it('reads role, link and lag from INFO replication, and marks dead instances unreachable', async () => {
    const health = await api.as('viewer').instances.health();
    expect(health.find((h) => h.name === 'gz-personal')).toMatchObject({
      reachable: true,
      role: 'master',
      replicaOf: null,
    });
    expect(health.find((h) => h.name === 'gz-personal-sh')).toMatchObject({
      reachable: true,
      role: 'slave',
      masterLinkStatus: 'up',
      replicaOf: 'gz-personal',
      lagBytes: expect.any(Number),
    });
    // Instances this test did not start point at port 1.
    expect(health.find((h) => h.name === 'sh-personal')).toMatchObject({ reachable: false, role: null });
  });
});

describe('failover', () => {
  it('reports status and previews the impact with core routing', async () => {
    const status = await api.as('viewer').failover.status();
    const gz = status.regions.find((r) => r.region === 'gz');
    expect(gz?.override).toBeNull();
    expect(gz?.mirrors.map((m) => [m.instance, m.reachable, m.linkStatus])).toEqual([
      ['gz-personal-sh', true, 'up'],
      ['gz-enterprise-sh', true, 'up'],
    ]);
    const preview = await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' });
    expect(preview.interlocks).toEqual([]);
    expect(preview.allowed).toBe(true);
    expect(preview.codes).toEqual([
      { code: 1, identity: 'personal', fromInstance: 'gz-personal', toInstance: 'gz-personal-sh' },
      { code: 2, identity: 'enterprise', fromInstance: 'gz-enterprise', toInstance: 'gz-enterprise-sh' },
    ]);
    const moved = preview.keys.filter((k) => k.moves).map((k) => [k.code, k.before, k.after]);
    expect(moved).toContainEqual([1, 'gz-personal', 'gz-personal-sh']);
    expect(preview.keys.find((k) => k.code === 5)?.moves).toBe(false);
  });

  it('refuses failover into itself and a wrong confirmation, and viewers', async () => {
    const self = await api.as('viewer').failover.preview({ from: 'gz', to: 'gz' });
    expect(self.interlocks.map((l) => l.code)).toEqual(['SELF']);
    await expect(
      api.as('operator').failover.set({ from: 'gz', to: 'gz', reason: 'oops', confirmRegion: 'gz' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(
      api.as('operator').failover.set({ from: 'gz', to: 'sh', reason: 'drill', confirmRegion: 'sh' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      api.as('viewer').failover.set({ from: 'gz', to: 'sh', reason: 'drill', confirmRegion: 'gz' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await api.db.configVersion.count()).toBe(1);
    expect(await role('gz-personal-sh')).toBe('slave');
  });

  it('opening a mirror for writes lets it accept a write while it still replicates its home (no READONLY)', async () => {
    const mirror = client('gz-enterprise-sh');
    expect(await role('gz-enterprise-sh')).toBe('slave');
    await expect(mirror.set('early-worker-write', 'x')).rejects.toThrow(/READONLY/);
    const instance = (await api.as('viewer').versions.get({ version: 1 })).snapshot.instances.find(
      (i) => i.name === 'gz-enterprise-sh',
    )!;
    await setReplicaReadOnly(instance, false, 1000);
    try {
      await expect(mirror.set('early-worker-write', 'x')).resolves.toBe('OK');
      expect(await role('gz-enterprise-sh')).toBe('slave');
    } finally {
      await setReplicaReadOnly(instance, true, 1000);
    }
  });

  it('publishes the override, mirrors it into the draft and promotes the mirrors', async () => {
    // A webhook (nothing listens at the URL): the finished workflow is broadcast to the outbox (issue 17).
    await api.db.webhook.create({
      data: { name: 'ops', url: 'http://127.0.0.1:9/hook', format: 'json', events: [], createdBy: 'test' },
    });
    const result = await api
      .as('operator')
      .failover.set({ from: 'gz', to: 'sh', reason: 'drill', confirmRegion: 'gz' });
    expect(result.version).toBe(2);
    expect(result.steps.map((s) => `${s.step}:${s.target}:${s.ok}`)).toEqual([
      'open-writes:gz-personal-sh:true',
      'open-writes:gz-enterprise-sh:true',
      'publish:gz:true',
      'await-workers:gz:true',
      'promote:gz-personal-sh:true',
      'restore-read-only:gz-personal-sh:true',
      'promote:gz-enterprise-sh:true',
      'restore-read-only:gz-enterprise-sh:true',
      'fence:gz-personal:true',
      'fence:gz-enterprise:true',
    ]);
    expect(result.workflow).toMatchObject({ kind: 'failover', state: 'done', unfinished: false, unfenced: [] });
    const broadcast = await api.db.notificationOutbox.findMany({ where: { event: 'failover.finished' } });
    expect(broadcast.map((r) => (r.payload as { fields: Record<string, unknown> }).fields)).toMatchObject([
      { kind: 'failover', region: 'gz', target: 'sh', state: 'done' },
    ]);
    expect(await role('gz-personal-sh')).toBe('master');
    // Fencing: the old home replicates the promoted mirror and refuses direct writes.
    expect(await role('gz-personal')).toBe('slave');
    await expect(client('gz-personal').set('direct-writer', 'x')).rejects.toThrow(/READONLY/);
    const status = await api.as('viewer').failover.status();
    expect(status.regions.find((r) => r.region === 'gz')?.homes.map((h) => `${h.home}:${h.state}`)).toEqual([
      'gz-personal:fenced',
      'gz-enterprise:fenced',
    ]);
    expect(await client('gz-personal-sh').config('GET', 'replica-read-only')).toEqual(['replica-read-only', 'yes']);
    await client('gz-personal-sh').set(code1Meeting(), 'written-during-failover');
    const published = await api.as('viewer').versions.get({ version: 2 });
    expect(published.snapshot.failover).toMatchObject([{ from: 'gz', to: 'sh', reason: 'drill' }]);
    expect((await api.as('viewer').draft.get()).snapshot.failover).toMatchObject([{ from: 'gz', to: 'sh' }]);
    const route = await api.as('viewer').tools.routePreview({ key: code1Meeting() });
    expect(route.published?.outcome).toMatchObject({
      ok: true,
      decision: { read: 'gz-personal-sh', failover: { from: 'gz', to: 'sh' } },
    });
    const audit = await api.as('viewer').audit.list({ action: 'failover' });
    expect(audit.entries.map((e) => `${e.action}:${e.outcome}`)).toEqual(
      expect.arrayContaining(['failover.set:ok', 'failover.step.promote:ok', 'failover.set:denied']),
    );
    // The mirrors were opened for writes before the publish that routes workers to them.
    // audit.list is newest first; reversed, equal timestamps keep the order they were written in.
    const ordered = [...audit.entries].reverse().map((e) => `${e.action}:${e.outcome}`);
    expect(ordered.lastIndexOf('failover.step.open-writes:ok')).toBeGreaterThanOrEqual(0);
    expect(ordered.lastIndexOf('failover.step.open-writes:ok')).toBeLessThan(ordered.indexOf('failover.set:ok'));
  });

  it('refuses a second override of the same region, and a rollback that would drop the override', async () => {
    await expect(
      api.as('operator').failover.set({ from: 'gz', to: 'sh', reason: 'again', confirmRegion: 'gz' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(api.as('operator').versions.rollback({ version: 1, reason: 'sneaky failback' })).rejects.toMatchObject(
      { code: 'PRECONDITION_FAILED', message: expect.stringContaining('failover set/clear') },
    );
  });

  it('fails back: resyncs the homes, publishes the route home, restores replication', async () => {
    await expect(
      api.as('operator').failover.clear({ from: 'gz', reason: 'drill over', confirmRegion: 'sh' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const preview = await api.as('viewer').failover.failbackPreview({ from: 'gz' });
    expect(preview).toMatchObject({ to: 'sh', allowed: true, blockers: [] });
    // Fenced homes already replicate the mirrors: a partial resync of a few bytes, not a full copy.
    expect(preview.pairs.map((p) => [p.home, p.homeState, p.fullResync])).toEqual([
      ['gz-personal', 'fenced', false],
      ['gz-enterprise', 'fenced', false],
    ]);
    expect(preview.pairs[0]?.lagBytes).toEqual(expect.any(Number));
    const result = await api.as('operator').failover.clear({ from: 'gz', reason: 'drill over', confirmRegion: 'gz' });
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => `${s.step}:${s.target}`)).toEqual([
      'resync:gz-personal',
      'resync:gz-enterprise',
      'open-writes:gz-personal',
      'open-writes:gz-enterprise',
      'publish:gz',
      'await-workers:gz',
      'promote:gz-personal',
      'restore-read-only:gz-personal',
      'promote:gz-enterprise',
      'restore-read-only:gz-enterprise',
      'relink:gz-personal-sh',
      'relink:gz-enterprise-sh',
    ]);
    expect(await role('gz-personal')).toBe('master');
    expect(await client('gz-personal').get(code1Meeting())).toBe('written-during-failover');
    expect(await role('gz-personal-sh')).toBe('slave');
    await until(() => linked('gz-personal-sh'), 'restored mirror link');
    await client('gz-personal').set('after-failback', 'yes');
    await until(
      async () => (await client('gz-personal-sh').get('after-failback')) === 'yes',
      'replication home → mirror',
    );
    expect((await api.as('viewer').versions.get({ version: result.version })).snapshot.failover).toEqual([]);
    expect(await api.db.notificationOutbox.count({ where: { event: 'failback.finished' } })).toBe(1);
  });

  it('holds a switch into a dead mirror behind an interlock that an override with a reason passes', async () => {
    await redis['gz-enterprise-sh']!.stop();
    const preview = await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' });
    expect(preview.interlocks).toEqual([expect.objectContaining({ code: 'MIRROR_DOWN', overridable: true })]);
    await expect(
      api.as('operator').failover.set({ from: 'gz', to: 'sh', reason: 'drill 2', confirmRegion: 'gz' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const forced = await api.as('operator').failover.set({
      from: 'gz',
      to: 'sh',
      reason: 'drill 2',
      confirmRegion: 'gz',
      overrideInterlocks: { reason: 'enterprise mirror is being rebuilt' },
    });
    expect(forced.steps.find((s) => s.target === 'gz-enterprise-sh')?.ok).toBe(false);
    expect(forced.steps.find((s) => s.target === 'gz-personal-sh')?.ok).toBe(true);
    const entry = await api.db.auditEntry.findFirst({
      where: { action: 'failover.set', outcome: 'ok' },
      orderBy: { at: 'desc' },
    });
    expect(entry?.after).toMatchObject({ overrideReason: 'enterprise mirror is being rebuilt' });
  });

  it('stops a failback whose resync cannot finish, leaving the route on the mirrors', async () => {
    await expect(
      api.as('operator').failover.clear({ from: 'gz', reason: 'too early', confirmRegion: 'gz' }),
    ).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    const latest = await api.as('viewer').versions.list({ limit: 1 });
    expect((await api.as('viewer').versions.get({ version: latest[0]!.version })).snapshot.failover).toMatchObject([
      { from: 'gz', to: 'sh' },
    ]);
  });
});
