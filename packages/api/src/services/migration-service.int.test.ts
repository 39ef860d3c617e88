/**
 * Migration transitions at the service level (embedded database, no Redis: the control
 * instance is unreachable, so the compensation guard has no queue depth): persisted rows,
 * published `migrations[]`, the draft mirror, the gray-read guard over the latest ReconRun
 * and its audited override, rollback restoring the earlier phase, and refusals audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';
import { latestSnapshot } from './publish-service.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ options: { redisTimeoutMs: 200 } });
}, 60_000);
afterAll(() => api?.stop());

const counters = (unresolved: number) => ({
  scanned: 10,
  equal: 10 - unresolved,
  differing: unresolved,
  resolvedOnRecheck: 0,
  repaired: 0,
  unresolved,
});
async function storeRun(migrationId: string, direction: 'forward' | 'reverse', unresolved: number): Promise<void> {
  const now = new Date();
  const run = {
    id: `${migrationId}-${direction}-${now.getTime()}`,
    migrationId,
    direction,
    truth: 'old',
    repair: true,
    startedAt: now.toISOString(),
    finishedAt: now.toISOString(),
    outOfScope: 0,
    truncated: false,
    aborted: false,
    byKeyType: { stable: counters(unresolved) },
    samples: [],
    ...counters(unresolved),
  };
  await api.db.reconRun.create({
    data: {
      id: run.id,
      migrationId,
      direction,
      startedAt: now,
      finishedAt: now,
      counters: counters(unresolved),
      byKeyType: run.byKeyType,
      samples: [],
      run,
    },
  });
}

describe('migrations service', () => {
  it('creates, guards gray read on unresolved differences, overrides with an audited reason, rolls back', async () => {
    const operator = api.as('operator');
    const created = await operator.migrations.create({
      name: 'split',
      code: 1,
      from: 'gz-personal',
      to: 'spare',
      scope: { modulo: 4, remainder: 2 },
      reason: 'split code 1',
    });
    const id = created.migration.id;
    const published = await latestSnapshot(api.db);
    expect(published.version).toBe(created.version);
    expect(published.snapshot.migrations).toEqual([
      expect.objectContaining({ id, phase: 'DUAL_WRITE', scope: { modulo: 4, remainder: 2 } }),
    ]);
    const draft = await api.as('viewer').draft.get();
    expect(draft.snapshot.migrations.map((m) => m.id)).toEqual([id]);

    await operator.migrations.advance({ id, to: 'BACKFILL', reason: 'copy keys' });
    await operator.migrations.advance({ id, to: 'RECONCILE', reason: 'compare' });
    await expect(
      operator.migrations.advance({ id, to: 'GRAY_READ', percent: 10, reason: 'read some' }),
    ).rejects.toMatchObject({ apiCode: 'MIGRATION_REFUSED', details: { code: 'RECON_MISSING' } });
    await storeRun(id, 'forward', 0);
    await storeRun(id, 'reverse', 3);
    await expect(
      operator.migrations.advance({ id, to: 'GRAY_READ', percent: 10, reason: 'read some' }),
    ).rejects.toMatchObject({ details: { code: 'RECON_UNRESOLVED' } });
    const overridden = await operator.migrations.advance({
      id,
      to: 'GRAY_READ',
      percent: 10,
      overrideReason: 'known stale keys',
      reason: 'read some',
    });
    expect(overridden.effects.join(' ')).toContain('override of RECON_UNRESOLVED');

    const back = await operator.migrations.rollback({ id, to: 'RECONCILE', reason: 'too early' });
    expect(back.migration).toMatchObject({ phase: 'RECONCILE', grayReadPercent: 0 });
    expect((await latestSnapshot(api.db)).snapshot.migrations[0]).toMatchObject({
      phase: 'RECONCILE',
      grayReadPercent: 0,
    });

    const status = await api.as('viewer').migrations.status({ id });
    expect(status.events.map((e) => [e.toPhase, e.override])).toEqual([
      ['DUAL_WRITE', null],
      ['BACKFILL', null],
      ['RECONCILE', null],
      ['GRAY_READ', 'known stale keys'],
      ['RECONCILE', null],
    ]);
    expect(status.latestRecon.unresolved).toBe(3);
    expect(status.compensation.reachable).toBe(false);
    const report = await api.as('viewer').recon.report({ id });
    expect(report.runs.map((r) => r.direction).sort()).toEqual(['forward', 'reverse']);
    const refusals = await api.db.auditEntry.findMany({ where: { action: 'migrations.advance', outcome: 'error' } });
    expect(refusals.length).toBe(2);
  });

  it('keeps the migrations of today when a config version is rolled back', async () => {
    const operator = api.as('operator');
    const before = (await latestSnapshot(api.db)).version;
    const created = await operator.migrations.create({
      name: 'code 2 out',
      code: 2,
      from: 'gz-enterprise',
      to: 'spare',
      reason: 'rollback test',
    });
    const id = created.migration.id;
    await operator.migrations.advance({ id, to: 'BACKFILL', reason: 'copy keys' });
    // The version before the migration existed: republishing it verbatim would drop it from the proxies.
    const preview = await api.as('viewer').versions.rollbackPreview({ version: before });
    // Only migrations differ between the two versions, and they are kept: nothing would change.
    expect(preview).toMatchObject({
      version: before,
      changes: [],
      refusal: null,
      keptMigrations: expect.arrayContaining([`${id}@BACKFILL`]),
    });
    const current = (await latestSnapshot(api.db)).version;
    const rolled = await operator.versions.rollback({ version: before, reason: 'undo an unrelated edit' });
    // Issue 15 finding 6: it said "Published v30 with the config of v13" although v30 equalled v29.
    expect(rolled).toMatchObject({ changed: false, version: current });
    const latest = await latestSnapshot(api.db);
    expect(latest.version).toBe(rolled.version);
    expect(latest.snapshot.migrations.find((m) => m.id === id)).toMatchObject({ phase: 'BACKFILL' });
    expect((await api.as('viewer').draft.get()).snapshot.migrations.find((m) => m.id === id)).toMatchObject({
      phase: 'BACKFILL',
    });
    expect((await api.as('viewer').migrations.status({ id })).phase).toBe('BACKFILL');
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'versions.rollback', outcome: 'ok' },
      orderBy: { id: 'desc' },
    });
    expect(audit?.after).toMatchObject({ keptMigrations: expect.arrayContaining([`${id}@BACKFILL`]) });
  });

  it('names a refused migration by the name the user typed, never by its generated id (issue 16 defect 5)', async () => {
    const operator = api.as('operator');
    const refused = operator.migrations.create({
      name: 'onto itself',
      code: 1,
      from: 'gz-personal',
      to: 'gz-personal',
      reason: 'defect 5',
    });
    await expect(refused).rejects.toThrow(/migration 'onto itself' moves gz-personal onto itself/);
    await expect(refused).rejects.not.toThrow(/mig-\d+-[0-9a-f]{8}/);
  });

  it('refuses viewers and unknown migrations', async () => {
    await expect(
      api.as('viewer').migrations.create({ name: 'x', code: 1, from: 'gz-personal', to: 'spare', reason: 'nope' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      api.as('operator').migrations.advance({ id: 'nope', to: 'BACKFILL', reason: 'nope' }),
    ).rejects.toMatchObject({ apiCode: 'NOT_FOUND' });
  });
});
