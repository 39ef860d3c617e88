/**
 * Failover of a write-log mirror (docs/MIRROR-MODES.md) against real redis-servers: code 6
 * (sh-enterprise) is mirrored in gz by the write log (the demo config), code 5 by REPLICAOF.
 * The preview shows the write-log lag, a lag over the threshold refuses the switch unless
 * overridden, the promote drains the log instead of REPLICAOF NO ONE, and failback resyncs
 * the mirror in full and leaves it a master (kept by the write log, not a replica).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { WRITE_LOG_GROUP, writeLogStream } from '@switchyard/core';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let api: TestApi;
const redis: Record<string, RedisProcess> = {};
const clients: Redis[] = [];
const client = (name: string): Redis => {
  const r = new Redis({ port: redis[name]!.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  clients.push(r);
  return r;
};
const role = async (r: Redis): Promise<string> => /role:(\w+)/.exec(await r.info('replication'))?.[1] ?? '?';
const STREAM = writeLogStream(6);

beforeAll(async () => {
  redis['sh-personal'] = await startRedis();
  redis['sh-enterprise'] = await startRedis();
  redis['sh-enterprise-gz'] = await startRedis();
  redis['control'] = await startRedis();
  redis['sh-personal-gz'] = await startRedis({ replicaOf: { host: '127.0.0.1', port: redis['sh-personal'].port } });
  const ports = Object.fromEntries(Object.entries(redis).map(([name, r]) => [name, r.port]));
  api = await startTestApi({ ports, options: { redisTimeoutMs: 500, resyncTimeoutMs: 3_000 } });
  const mirror = client('sh-personal-gz');
  for (let i = 0; i < 100 && !(await mirror.info('replication')).includes('master_link_status:up'); i++)
    await new Promise((r) => setTimeout(r, 50));
}, 60_000);

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await Promise.all(Object.values(redis).map((r) => r.stop()));
  await api?.stop();
});

describe('write-log mirror failover', () => {
  it('refuses a switch (overridable interlock, audited when denied) while the write log lags over the threshold', async () => {
    const control = client('control');
    // Two writes logged a minute ago that no redo has applied.
    const old = Date.now() - 60_000;
    await control.xadd(STREAM, `${old}-0`, 'k', 'a', 'c', 'SET');
    await control.xadd(STREAM, `${old}-1`, 'k', 'b', 'c', 'SET');
    // The mirrorLag rule reads the write log's lag for a write-log mirror (not a replication offset it does not have).
    const rules = (await api.as('viewer').safety.list()).current;
    await api.as('admin').safety.set({
      rules: { ...rules.rules, mirrorLag: { enabled: true, maxLagBytes: 1_048_576 } },
      expectedVersion: rules.version,
      reason: 'no failover onto a lagging mirror',
    });
    const preview = await api.as('viewer').failover.preview({ from: 'sh', to: 'gz' });
    expect(preview.rules).toEqual([
      expect.objectContaining({
        name: 'mirrorLag',
        ok: false,
        message: expect.stringMatching(
          /^write-log mirror sh-enterprise-gz lags 2 entries \/ \d+(\.\d)? s \(limit 10000 entries \/ 5 s\)$/,
        ),
      }),
    ]);
    expect(preview.writeLog).toEqual([
      expect.objectContaining({
        code: 6,
        mirror: 'sh-enterprise-gz',
        reachable: true,
        lagEntries: 2,
        overThreshold: true,
      }),
    ]);
    expect(preview.writeLog[0]!.lagSeconds).toBeGreaterThan(50);
    expect(preview.interlocks).toEqual([expect.objectContaining({ code: 'WRITE_LOG_LAG', overridable: true })]);
    // The Instances page reads the same status.
    const page = await api.as('viewer').instances.writeLog();
    expect(page.thresholds).toMatchObject({ maxLagSeconds: 5, maxLagEntries: 10_000 });
    expect(page.mirrors).toEqual([
      expect.objectContaining({ mirror: 'sh-enterprise-gz', lagEntries: 2, overThreshold: true }),
    ]);
    await expect(
      api.as('operator').failover.set({ from: 'sh', to: 'gz', reason: 'drill', confirmRegion: 'sh' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringContaining('lags 2 entries') });
    const denied = await api.db.auditEntry.findFirst({
      where: { action: 'failover.set', outcome: 'denied' },
      orderBy: { at: 'desc' },
    });
    expect(JSON.stringify(denied?.after)).toContain('WRITE_LOG_LAG');
  });

  it('fails over once the redo caught up: promote drains the log, the mirror was never a replica; failback resyncs it and detaches it again', async () => {
    const control = client('control');
    const home = client('sh-enterprise');
    const mirror = client('sh-enterprise-gz');
    // The redo applied everything: the group has delivered and acknowledged every entry.
    await control.xgroup('CREATE', STREAM, WRITE_LOG_GROUP, '$');
    const caughtUp = await api.as('viewer').failover.preview({ from: 'sh', to: 'gz' });
    expect(caughtUp.interlocks).toEqual([]);
    // Caught up: the write-log mirror passes mirrorLag (the REPLICAOF mirror of code 5 by its byte offset), so failover.set may go on.
    expect(caughtUp.rules).toEqual([{ name: 'mirrorLag', ok: true, soft: false, message: 'ok' }]);
    await home.set('before-failover', 'home');
    await mirror.set('before-failover', 'home');
    const result = await api
      .as('operator')
      .failover.set({ from: 'sh', to: 'gz', reason: 'drill', confirmRegion: 'sh' });
    const promote = result.steps.find((s) => s.step === 'promote' && s.target === 'sh-enterprise-gz');
    expect(promote).toMatchObject({ ok: true, message: expect.stringContaining('after draining') });
    expect(await role(mirror)).toBe('master');
    // Fencing still applies: the old home replicates the promoted mirror.
    expect(await role(home)).toBe('slave');
    await mirror.set('during-failover', 'mirror');

    const back = await api.as('operator').failover.clear({ from: 'sh', reason: 'drill over', confirmRegion: 'sh' });
    const relink = back.steps.find((s) => s.step === 'relink' && s.target === 'sh-enterprise-gz');
    expect(relink).toMatchObject({ ok: true, message: expect.stringContaining('kept by the write log') });
    expect(await role(home)).toBe('master');
    expect(await home.get('during-failover')).toBe('mirror');
    // Back to a write-log mirror: a master holding the home's data, not a REPLICAOF replica.
    expect(await role(mirror)).toBe('master');
    expect(await mirror.get('during-failover')).toBe('mirror');
    await home.set('after-failback', 'home only');
    await new Promise((r) => setTimeout(r, 200));
    expect(await mirror.get('after-failback')).toBeNull();
  }, 60_000);

  it("keeps a code's mirror mode through a console edit, and refuses a mode for the home region", async () => {
    const admin = api.as('admin');
    const draft = await admin.draft.get();
    const code6 = draft.snapshot.codes.find((c) => c.code === 6)!;
    expect(code6.mirrorModes).toEqual({ gz: 'write-log' });
    // A draft may hold problems; they are listed next to the field and block the publish.
    const bad = await admin.codes.upsert({
      expectedRevision: draft.revision,
      code: { ...code6, mirrorModes: { sh: 'write-log' } },
    });
    expect((await admin.draft.get()).problems).toEqual([
      expect.objectContaining({
        path: ['codes', 3, 'mirrorModes', 'sh'],
        message: expect.stringMatching(/home region/),
      }),
    ]);
    await expect(admin.draft.publish({ expectedRevision: bad.revision, reason: 'bad' })).rejects.toThrow(/home region/);
    const saved = await admin.codes.upsert({
      expectedRevision: bad.revision,
      reason: 'back to replicaof',
      code: { ...code6, mirrorModes: {} },
    });
    expect((await admin.draft.get()).snapshot.codes.find((c) => c.code === 6)?.mirrorModes).toEqual({});
    await admin.codes.upsert({
      expectedRevision: saved.revision,
      code: { ...code6, mirrorModes: { gz: 'write-log' } },
    });
    expect((await admin.draft.get()).snapshot.codes.find((c) => c.code === 6)?.mirrorModes).toEqual({
      gz: 'write-log',
    });
  });
});
