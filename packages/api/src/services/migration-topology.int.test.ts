/**
 * Issue 15 finding 1 with real redis-servers: a migration of code 1 (gz-personal → spare) is
 * walked to DONE. Before DONE the sh mirror is relinked to the target; DONE makes the target the
 * code's home in the published config (and the draft the Codes page shows). A failover afterwards
 * moves code 1 to a mirror that holds what was written on the target, fences the target, and a
 * failback brings it all back. Failover previews see migrations in every phase.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { compileLayout, dayOf, encodeMeetingId, DEMO_LAYOUT } from '@switchyard/core';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { latestSnapshot } from './publish-service.ts';

let api: TestApi;
const redis = new Map<string, RedisProcess>();
const clients = new Map<string, Redis>();
const client = (name: string): Redis => {
  let c = clients.get(name);
  if (!c)
    clients.set(name, (c = new Redis({ port: redis.get(name)!.port, host: '127.0.0.1', maxRetriesPerRequest: 1 })));
  return c;
};
const info = async (name: string): Promise<string> => client(name).info('replication');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
const code1Meeting = (n: bigint): string => {
  const layout = compileLayout(DEMO_LAYOUT);
  return encodeMeetingId(
    { kind: 'normal', code: 1, day: dayOf(new Date(), DEMO_LAYOUT), random: (1n << layout.codeShift) | n },
    layout,
  ).toString();
};
const counters = { scanned: 1, equal: 1, differing: 0, resolvedOnRecheck: 0, repaired: 0, unresolved: 0 };
const NAME = 'code 1 to spare';
/**
 * A clean forward and reverse run started within the current step: H5's cutover gate needs one
 * before every forward step from GRAY_READ on (this file is about topology, not the gate, but
 * it goes through the gate honestly rather than overriding it).
 */
async function cleanRuns(migrationId: string): Promise<void> {
  await sleep(15); // strictly after the step's event
  for (const direction of ['forward', 'reverse'] as const) {
    const now = new Date();
    const id = `${migrationId}-${direction}-${now.getTime()}`;
    await api.db.reconRun.create({
      data: {
        id,
        migrationId,
        direction,
        startedAt: now,
        finishedAt: now,
        counters,
        byKeyType: {},
        samples: [],
        run: { id, migrationId, direction, ...counters },
      },
    });
  }
  await sleep(15); // the next step's event comes strictly after the runs
}
const interlockCodes = async (): Promise<string[]> =>
  (await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' })).interlocks.map((l) => l.code);

beforeAll(async () => {
  for (const home of ['gz-personal', 'gz-enterprise']) {
    const h = await startRedis();
    redis.set(home, h);
    redis.set(`${home}-sh`, await startRedis({ replicaOf: { host: '127.0.0.1', port: h.port } }));
  }
  redis.set('spare', await startRedis());
  api = await startTestApi({
    ports: Object.fromEntries([...redis].map(([n, r]) => [n, r.port])),
    options: { redisTimeoutMs: 500, resyncTimeoutMs: 5_000 },
  });
  await until(async () => (await info('gz-personal-sh')).includes('master_link_status:up'), 'mirror link');
}, 60_000);

afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await Promise.all([...redis.values()].map((r) => r.stop()));
  await api?.stop();
});

describe('migration DONE and failover share one topology', () => {
  let id = '';
  it('previews and interlocks a failover of a code mid-migration', async () => {
    const operator = api.as('operator');
    id = (
      await operator.migrations.create({ name: NAME, code: 1, from: 'gz-personal', to: 'spare', reason: 'move code 1' })
    ).migration.id;
    expect(await interlockCodes()).toEqual(['MIGRATION_ACTIVE']);
    const preview = await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' });
    expect(preview.overridable).toBe(true);
    for (const to of ['BACKFILL', 'RECONCILE'] as const) await operator.migrations.advance({ id, to, reason: 'step' });
    await cleanRuns(id);
    await operator.migrations.advance({ id, to: 'GRAY_READ', percent: 100, reason: 'read new' });
    await cleanRuns(id);
    await operator.migrations.advance({ id, to: 'WRITE_ORDER_SWITCH', reason: 'new first' });
    await cleanRuns(id);
    await operator.migrations.advance({ id, to: 'STOP_DUAL_WRITE', percent: 100, reason: 'new only', confirm: NAME });
    expect(await interlockCodes()).toEqual(['MIGRATION_CUTOVER']);
    expect((await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' })).overridable).toBe(false);
    await expect(
      operator.failover.set({
        from: 'gz',
        to: 'sh',
        reason: 'try it',
        confirmRegion: 'gz',
        overrideInterlocks: { reason: 'try anyway' },
      }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('DONE relinks the mirror to the target and makes the target the code home', async () => {
    const key = code1Meeting(1n);
    await client('spare').set(key, 'written-after-migration');
    const operator = api.as('operator');
    // The gate and the typed confirmation apply to the same DONE request as the relink, and
    // are checked first: a refused DONE must not have touched the mirror.
    await expect(
      operator.migrations.advance({ id, to: 'DONE', reason: 'finish', confirm: NAME }),
    ).rejects.toMatchObject({ apiCode: 'MIGRATION_REFUSED', details: { code: 'RECON_STALE' } });
    await cleanRuns(id);
    await expect(operator.migrations.advance({ id, to: 'DONE', reason: 'finish' })).rejects.toMatchObject({
      apiCode: 'MIGRATION_REFUSED',
      details: { code: 'CONFIRMATION_REQUIRED' },
    });
    expect(await info('gz-personal-sh')).toContain(`master_port:${redis.get('gz-personal')!.port}`);
    const done = await operator.migrations.advance({ id, to: 'DONE', reason: 'finish', confirm: NAME });
    expect(done.effects).toContain('mirror gz-personal-sh now replicates spare');
    expect(await info('gz-personal-sh')).toContain(`master_port:${redis.get('spare')!.port}`);
    expect(await client('gz-personal-sh').get(key)).toBe('written-after-migration');
    const { snapshot } = await latestSnapshot(api.db);
    expect(snapshot.codes.find((c) => c.code === 1)?.instances).toEqual({ gz: 'spare', sh: 'gz-personal-sh' });
    expect((await api.as('viewer').draft.get()).snapshot.codes.find((c) => c.code === 1)?.instances.gz).toBe('spare');
    const preview = await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' });
    expect(preview.interlocks).toEqual([]);
    expect(preview.codes[0]).toEqual({
      code: 1,
      identity: 'personal',
      fromInstance: 'spare',
      toInstance: 'gz-personal-sh',
    });
    expect(preview.homes.map((h) => h.home)).toEqual(['spare', 'gz-enterprise']);
  });

  it('a failover after DONE serves what was written on the target, and fails back without loss', async () => {
    const before = code1Meeting(1n);
    const during = code1Meeting(2n);
    await api.as('operator').failover.set({ from: 'gz', to: 'sh', reason: 'after DONE', confirmRegion: 'gz' });
    expect(await client('gz-personal-sh').get(before)).toBe('written-after-migration');
    expect(await info('spare')).toContain('role:slave');
    const routed = await api.as('viewer').tools.routePreview({ key: during });
    expect(routed.published?.outcome).toMatchObject({ ok: true, decision: { read: 'gz-personal-sh' } });
    await client('gz-personal-sh').set(during, 'written-during-failover');
    const back = await api.as('operator').failover.clear({ from: 'gz', reason: 'done', confirmRegion: 'gz' });
    expect(back.ok).toBe(true);
    expect(await info('spare')).toContain('role:master');
    expect(await client('spare').get(during)).toBe('written-during-failover');
    const home = await api.as('viewer').tools.routePreview({ key: during });
    expect(home.published?.outcome).toMatchObject({ ok: true, decision: { read: 'spare' } });
  });

  it('refuses a failover into a mirror that copies another instance than the code home', async () => {
    const old = redis.get('gz-personal')!;
    await until(async () => (await info('gz-personal-sh')).includes('master_link_status:up'), 'relinked mirror');
    await client('gz-personal-sh').call('REPLICAOF', '127.0.0.1', String(old.port));
    const preview = await api.as('viewer').failover.preview({ from: 'gz', to: 'sh' });
    const wrong = preview.interlocks.find((l) => l.code === 'MIRROR_WRONG_MASTER');
    expect(wrong).toMatchObject({
      overridable: false,
      message: expect.stringContaining("replicates gz-personal, not the code's home spare"),
    });
    expect(preview.overridable).toBe(false);
  });

  it('rolling back out of DONE makes the old instance the code home again', async () => {
    const back = await api
      .as('operator')
      .migrations.rollback({ id, to: 'STOP_DUAL_WRITE', percent: 100, reason: 'undo DONE', confirm: NAME });
    expect(back.migration.phase).toBe('STOP_DUAL_WRITE');
    const { snapshot } = await latestSnapshot(api.db);
    expect(snapshot.codes.find((c) => c.code === 1)?.instances.gz).toBe('gz-personal');
    expect(await interlockCodes()).toContain('MIGRATION_CUTOVER');
  });

  it('refuses DONE while a mirror cannot follow the target, and relinks it once it is back', async () => {
    await redis.get('gz-personal-sh')!.kill();
    await cleanRuns(id); // the gate is open: only the mirror can refuse this DONE
    await expect(
      api.as('operator').migrations.advance({ id, to: 'DONE', reason: 'mirror down', confirm: NAME }),
    ).rejects.toMatchObject({ apiCode: 'MIGRATION_REFUSED', details: { code: 'MIRROR_RELINK_FAILED' } });
    expect((await latestSnapshot(api.db)).snapshot.codes.find((c) => c.code === 1)?.instances.gz).toBe('gz-personal');
    await redis.get('gz-personal-sh')!.restart();
    clients.get('gz-personal-sh')?.disconnect();
    clients.delete('gz-personal-sh');
    const done = await api.as('operator').migrations.advance({ id, to: 'DONE', reason: 'mirror back', confirm: NAME });
    expect(done.effects).toContain('mirror gz-personal-sh now replicates spare');
    expect(await info('gz-personal-sh')).toContain(`master_port:${redis.get('spare')!.port}`);
  });
});
