/**
 * The same API against a real PostgreSQL server (the other tests use embedded PGlite):
 * concurrency conflicts, the publish transaction, role denials and JSON columns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealPostgres, type RealPostgres } from '../testing/real-postgres.ts';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let pg: RealPostgres;
let api: TestApi;
beforeAll(async () => {
  pg = await startRealPostgres();
  api = await startTestApi({ databaseUrl: pg.url });
});
afterAll(async () => {
  await api?.stop();
  await pg?.stop();
});

describe('on real PostgreSQL', () => {
  it('lets exactly one of two concurrent edits of the same revision win', async () => {
    const admin = api.as('admin');
    const results = await Promise.allSettled([
      admin.regions.upsert({ expectedRevision: 1, region: { name: 'gz', label: 'first' } }),
      admin.regions.upsert({ expectedRevision: 1, region: { name: 'gz', label: 'second' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    expect((await admin.draft.get()).revision).toBe(2);
  });

  it('publishes, diffs and rolls back', async () => {
    const op = api.as('operator');
    const v2 = await op.draft.publish({ expectedRevision: 2, reason: 'relabel gz' });
    expect(v2.version).toBe(2);
    const diff = await op.versions.diff({ from: 1, to: 2 });
    expect(diff.changes).toEqual([{ path: 'regions[gz].label', before: 'Guangzhou', after: expect.stringMatching(/first|second/) }]);
    const v3 = await op.versions.rollback({ version: 1, reason: 'undo' });
    expect(v3).toMatchObject({ version: 3, rolledBackFrom: 1 });
  });

  it('denies a viewer and records it', async () => {
    await expect(api.as('viewer').versions.rollback({ version: 2, reason: 'nope' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const denied = await api.as('admin').audit.list({ outcome: 'denied' });
    expect(denied.entries[0]).toMatchObject({ actor: 'viewer@test.local', action: 'versions.rollback', target: '2' });
  });
});
