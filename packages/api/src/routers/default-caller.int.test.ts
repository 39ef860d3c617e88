/** Issue 13 §7: a `default` caller may be nopass (Redis's nopass), set by an admin, audited, refused elsewhere. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const revision = async (): Promise<number> => (await api.as('admin').draft.get()).revision;

describe('nopass default caller', () => {
  it('an admin can make the default caller nopass; the edit is audited and the draft validates', async () => {
    const caller = { name: 'default', nopass: true, commands: ['GET'], keyTypes: ['meeting_info'] };
    await api
      .as('admin')
      .callers.create({ expectedRevision: await revision(), caller, reason: 'legacy client without AUTH' });
    const draft = await api.as('admin').draft.get();
    expect(draft.snapshot.callers.find((c) => c.name === 'default')?.nopass).toBe(true);
    expect(draft.problems).toEqual([]);
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'callers.create', target: 'default', outcome: 'ok' },
    });
    expect(JSON.stringify(audit?.after)).toContain('nopass');
    expect(audit?.reason).toBe('legacy client without AUTH');
  });

  it('an operator cannot set it (callers are admin-only)', async () => {
    const caller = { name: 'default', nopass: false, commands: ['GET'], keyTypes: ['meeting_info'] };
    await expect(
      api.as('operator').callers.update({ expectedRevision: await revision(), caller }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await api.as('admin').draft.get()).snapshot.callers.find((c) => c.name === 'default')?.nopass).toBe(true);
  });

  it('nopass on any other caller is a draft problem, so it cannot be published', async () => {
    await api.as('admin').callers.create({
      expectedRevision: await revision(),
      caller: { name: 'billing', nopass: true, commands: ['GET'], keyTypes: ['meeting_info'] },
    });
    const draft = await api.as('admin').draft.get();
    expect(draft.problems.map((p) => p.message)).toContain(
      "caller 'billing': only the caller named 'default' may be nopass",
    );
    await expect(
      api.as('admin').draft.publish({ expectedRevision: draft.revision, reason: 'must be refused' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});
