/**
 * The API on every database kind the product supports: embedded PGlite, a real PostgreSQL
 * 15 server, and DATABASE_URL when set. Concurrency conflicts, the publish transaction,
 * role denials and JSON columns behave the same on each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@switchyard/db/testing';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

describe.each(testDatabaseKinds())('on $name', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ database: kind });
  });
  afterAll(async () => {
    await api?.stop();
  });

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
    expect(diff.changes).toEqual([
      { path: 'regions[gz].label', before: 'Guangzhou', after: expect.stringMatching(/first|second/) },
    ]);
    // A region label is an admin-only model edit, so only an admin may roll it back (issue 14 #9).
    const v3 = await api.as('admin').versions.rollback({ version: 1, reason: 'undo' });
    expect(v3).toMatchObject({ version: 3, rolledBackFrom: 1 });
  });

  it('denies a viewer and records it', async () => {
    await expect(api.as('viewer').versions.rollback({ version: 2, reason: 'nope' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const denied = await api.as('admin').audit.list({ outcome: 'denied' });
    expect(denied.entries[0]).toMatchObject({ actor: 'viewer@test.local', action: 'versions.rollback', target: '2' });
  });
});
