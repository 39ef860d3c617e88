/**
 * The cutover gate and typed confirmations through the API (issue 15 finding 5), on an
 * embedded Postgres with stored ReconRun rows (the migrator's are tested in apps/migrator):
 * each gated step is refused without a fresh clean reconciliation in both directions,
 * passes with one, and passes with an audited override when there is none.
 * DONE also relinks the code's mirror to the target (migration-topology.ts) and is refused
 * while that mirror cannot follow: the codes migrated to DONE here (1 and 2) therefore run on
 * real redis-servers, each home with its sh mirror, plus the target `spare`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let api: TestApi;
const redis = new Map<string, RedisProcess>();
beforeAll(async () => {
  for (const home of ['gz-personal', 'gz-enterprise']) {
    const h = await startRedis();
    redis.set(home, h);
    redis.set(`${home}-sh`, await startRedis({ replicaOf: { host: '127.0.0.1', port: h.port } }));
  }
  redis.set('spare', await startRedis());
  const ports = Object.fromEntries([...redis].map(([n, r]) => [n, r.port]));
  api = await startTestApi({ ports, options: { redisTimeoutMs: 500, resyncTimeoutMs: 5_000 } });
}, 60_000);
afterAll(async () => {
  await Promise.all([...redis.values()].map((r) => r.stop()));
  await api?.stop();
});

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 15));
const counters = (unresolved: number) => ({
  scanned: 10,
  equal: 10 - unresolved,
  differing: unresolved,
  resolvedOnRecheck: 0,
  repaired: 0,
  unresolved,
});

/** A finished run in each direction, started now (after the phase began). */
async function storeRuns(migrationId: string, unresolved = 0, at = new Date()): Promise<void> {
  await tick();
  for (const direction of ['forward', 'reverse'] as const) {
    const id = `${migrationId}-${direction}-${at.getTime()}-${Math.random()}`;
    const run = {
      id,
      migrationId,
      direction,
      truth: 'old',
      repair: true,
      startedAt: at.toISOString(),
      finishedAt: at.toISOString(),
      outOfScope: 0,
      truncated: false,
      aborted: false,
      byKeyType: {},
      samples: [],
      ...counters(direction === 'reverse' ? unresolved : 0),
    };
    await api.db.reconRun.create({
      data: {
        id,
        migrationId,
        direction,
        startedAt: at,
        finishedAt: at,
        counters: counters(0),
        byKeyType: {},
        samples: [],
        run,
      },
    });
  }
  await tick();
}

interface Step {
  to: 'GRAY_READ' | 'WRITE_ORDER_SWITCH' | 'STOP_DUAL_WRITE' | 'DONE';
  percent?: number;
}
const GATED: Step[] = [
  { to: 'GRAY_READ', percent: 10 },
  { to: 'GRAY_READ', percent: 100 },
  { to: 'WRITE_ORDER_SWITCH' },
  { to: 'STOP_DUAL_WRITE', percent: 50 },
  { to: 'STOP_DUAL_WRITE', percent: 100 },
  { to: 'DONE' },
];

async function createAtReconcile(name: string, code: number): Promise<string> {
  const operator = api.as('operator');
  const { migration } = await operator.migrations.create({
    name,
    code,
    from: code === 1 ? 'gz-personal' : code === 2 ? 'gz-enterprise' : 'sh-personal',
    to: 'spare',
    reason: 'gate test',
  });
  await operator.migrations.advance({ id: migration.id, to: 'BACKFILL', reason: 'copy' });
  await operator.migrations.advance({ id: migration.id, to: 'RECONCILE', reason: 'compare' });
  return migration.id;
}

describe('cutover gate through the API', () => {
  it('every gated step: refused while the runs predate the phase or have unresolved keys, accepted once a clean run finished in it', async () => {
    const operator = api.as('operator');
    const id = await createAtReconcile('gated clean', 1);
    await storeRuns(id); // before GRAY_READ: fine for entering it, stale for everything after
    for (const step of GATED) {
      const input = { id, ...step, reason: `to ${step.to}`, confirm: 'gated clean' };
      if (step.to !== 'GRAY_READ' || step.percent !== 10) {
        await expect(operator.migrations.advance(input)).rejects.toMatchObject({
          apiCode: 'MIGRATION_REFUSED',
          details: { code: 'RECON_STALE' },
          message: expect.stringContaining('started before the current phase began'),
        });
      }
      await storeRuns(id, 2);
      await expect(operator.migrations.advance(input)).rejects.toMatchObject({
        details: { code: 'RECON_UNRESOLVED' },
        message: expect.stringContaining('2 unresolved'),
      });
      await storeRuns(id, 0);
      const r = await operator.migrations.advance(input);
      expect(r.migration.phase).toBe(step.to);
      expect(r.effects.join(' ')).not.toContain('override');
      // The same DONE request that passed the gate relinked the code's mirror.
      if (step.to === 'DONE') expect(r.effects).toContain('mirror gz-personal-sh now replicates spare');
    }
    const refusals = await api.db.auditEntry.count({
      where: { action: 'migrations.advance', outcome: 'error', target: id },
    });
    expect(refusals).toBe(GATED.length * 2 - 1);
  });

  it('every gated step passes with an override reason, which the event and the audit log keep', async () => {
    const operator = api.as('operator');
    const id = await createAtReconcile('gated override', 2);
    for (const step of GATED) {
      const input = { id, ...step, reason: `to ${step.to}`, confirm: 'gated override' };
      await expect(operator.migrations.advance(input)).rejects.toMatchObject({
        details: { code: expect.stringMatching(/^RECON_(MISSING|STALE)$/) },
        message: expect.stringContaining('give an override reason'),
      });
      const r = await operator.migrations.advance({ ...input, overrideReason: `accepted risk at ${step.to}` });
      expect(r.effects.some((e) => e.startsWith('audit: override of RECON_'))).toBe(true);
      if (step.to === 'DONE') expect(r.effects).toContain('mirror gz-enterprise-sh now replicates spare');
    }
    const status = await api.as('viewer').migrations.status({ id });
    expect(status.events.filter((e) => e.override !== null).map((e) => e.override)).toEqual(
      GATED.map((s) => `accepted risk at ${s.to}`),
    );
    const audit = await api.db.auditEntry.findMany({
      where: { action: 'migrations.advance', outcome: 'ok', target: id },
    });
    expect(audit.filter((a) => JSON.stringify(a.after).includes('override of RECON_')).length).toBe(GATED.length);
  });

  it('refuses a missing or non-numeric percentage and a missing typed confirmation', async () => {
    const operator = api.as('operator');
    const id = await createAtReconcile('gated input', 5);
    await storeRuns(id);
    await expect(operator.migrations.advance({ id, to: 'GRAY_READ', reason: 'no percent' })).rejects.toMatchObject({
      details: { code: 'PERCENT_REQUIRED' },
    });
    // What the console sends for "abc": the boundary refuses it before the state machine.
    await expect(
      operator.migrations.advance({ id, to: 'GRAY_READ', percent: Number('abc'), reason: 'abc' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(operator.migrations.rollback({ id, to: 'ABORTED', reason: 'stop it' })).rejects.toMatchObject({
      details: { code: 'CONFIRMATION_REQUIRED' },
      message: expect.stringContaining('"gated input"'),
    });
    await expect(
      operator.migrations.rollback({ id, to: 'ABORTED', reason: 'stop it', confirm: 'gated inpu' }),
    ).rejects.toMatchObject({ details: { code: 'CONFIRMATION_REQUIRED' } });
    expect(
      (await operator.migrations.rollback({ id, to: 'ABORTED', reason: 'stop it', confirm: 'gated input' })).migration
        .phase,
    ).toBe('ABORTED');
  });
});
