/** `migrations.setShadowRate` (audited publish) and `migrations.shadowReads` (live workers' heartbeat counters, summed per key type). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordHeartbeat } from '../../services/fleet-service.ts';
import { latestSnapshot } from '../../services/publish-service.ts';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ options: { redisTimeoutMs: 200 } });
}, 60_000);
afterAll(() => api?.stop());

const counts = (compared: number, differing: number, missingOnNew: number) => ({
  compared,
  equal: compared - differing,
  differing,
  missingOnNew,
  notFoundOld: 0,
  notFoundNew: missingOnNew,
});

describe('shadow reads of a migration', () => {
  it('sets the rate with an audited publish, and sums live workers per key type', async () => {
    const op = api.as('operator');
    const { migration } = await op.migrations.create({
      name: 'shadowed',
      code: 1,
      from: 'gz-personal',
      to: 'spare',
      reason: 'move code 1',
    });
    const set = await op.migrations.setShadowRate({ id: migration.id, rate: 0.05, reason: 'compare 5% of gray reads' });
    expect((await latestSnapshot(api.db)).snapshot.migrations[0]).toMatchObject({
      id: migration.id,
      shadowReadRate: 0.05,
    });
    expect(set.version).toBeGreaterThan(1);
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'migrations.setShadowReadRate', target: migration.id },
    });
    expect(audit).toMatchObject({ outcome: 'ok', reason: 'compare 5% of gray reads' });

    const beat = (name: string, shadow: unknown) => ({
      name,
      region: 'gz',
      appliedVersion: set.version,
      startedAt: new Date().toISOString(),
      uptimeSec: 1,
      summary: { shadow },
    });
    await recordHeartbeat(
      api.db,
      beat('proxy-gz-1', { [migration.id]: { meeting_info: counts(10, 2, 1), stable: counts(4, 0, 0) } }),
    );
    await recordHeartbeat(
      api.db,
      beat('proxy-sh-1', { [migration.id]: { meeting_info: counts(5, 1, 1) }, other: { x: counts(9, 9, 9) } }),
    );
    // A worker last seen long ago does not count.
    await recordHeartbeat(
      api.db,
      beat('proxy-old', { [migration.id]: { meeting_info: counts(100, 100, 100) } }),
      new Date(Date.now() - 3_600_000),
    );
    const status = await api.as('viewer').migrations.shadowReads({ id: migration.id });
    expect(status).toMatchObject({ id: migration.id, rate: 0.05, workers: 2 });
    expect(status.keyTypes).toEqual([
      {
        keyType: 'meeting_info',
        compared: 15,
        equal: 12,
        differing: 3,
        missingOnNew: 2,
        notFoundOld: 0,
        notFoundNew: 2,
      },
      { keyType: 'stable', compared: 4, equal: 4, differing: 0, missingOnNew: 0, notFoundOld: 0, notFoundNew: 0 },
    ]);
  });

  it('refuses an unknown migration (audited), a rate outside 0..1 and viewers', async () => {
    await expect(
      api.as('operator').migrations.setShadowRate({ id: 'ghost', rate: 0.1, reason: 'who?' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await api.db.auditEntry.count({
        where: { action: 'migrations.setShadowReadRate', target: 'ghost', outcome: 'error' },
      }),
    ).toBe(1);
    await expect(
      api.as('operator').migrations.setShadowRate({ id: 'ghost', rate: 1.5, reason: 'too much' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      api.as('viewer').migrations.setShadowRate({ id: 'ghost', rate: 0.1, reason: 'viewer' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
