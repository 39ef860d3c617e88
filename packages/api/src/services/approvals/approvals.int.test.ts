/**
 * Two-person approval and schedules (issue 18) on a real database: a gated drop becomes a
 * request; the requester cannot approve it; a second user's approval runs it; a scheduled
 * rollback runs from the scheduler pass, another is cancelled before its time; requests expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';
import { DEFAULT_RULES } from '../../routers/safety/rules.types.ts';
import { runDueRequests, startRequestScheduler } from './request-runner.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  const approvals = { ...DEFAULT_RULES.approvals, rollback: true, dropAbovePercent: 20, expiresInMinutes: 30 };
  await api
    .as('admin')
    .safety.set({ rules: { ...DEFAULT_RULES, approvals }, expectedVersion: 0, reason: 'two-person rule' });
});
afterAll(async () => api?.stop());

/** Files a change through its gated call and returns the request id from APPROVAL_REQUIRED. */
async function file(call: Promise<unknown>): Promise<string> {
  const error: unknown = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ apiCode: 'APPROVAL_REQUIRED' });
  const id = (error as { details: { requestId: string } }).details.requestId;
  expect(id).toMatch(/^cr-/);
  return id;
}

const versions = () => api.db.configVersion.count();

describe('two-person approval', () => {
  it('lets a small drop through and turns a large one into a pending request', async () => {
    await api
      .as('operator')
      .degradation.setKey({ key: 'hot:1', ratio: 0.1, reason: 'small drop', expiresInMinutes: 10 });
    const before = await versions();
    const id = await file(
      api
        .as('operator')
        .degradation.setCaller({ caller: 'demo', ratio: 0.5, reason: 'big drop', expiresInMinutes: 10 }),
    );
    expect(await versions()).toBe(before);
    const [listed] = await api.as('viewer').requests.list({ status: 'pending' });
    expect(listed).toMatchObject({
      id,
      action: 'drop',
      requester: 'operator@test.local',
      status: 'pending',
      summary: 'drop 50% of caller demo',
    });
  });

  it('refuses the requester approving their own request, and a viewer', async () => {
    const [pending] = await api.as('viewer').requests.list({ status: 'pending' });
    await expect(api.as('operator').requests.approve({ id: pending!.id, reason: 'self' })).rejects.toMatchObject({
      apiCode: 'REQUEST_SELF_APPROVAL',
    });
    await expect(api.as('viewer').requests.approve({ id: pending!.id, reason: 'viewer' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await api.db.auditEntry.findFirst({
        where: { action: 'requests.approve', outcome: 'denied', actor: 'operator@test.local' },
      }),
    ).not.toBeNull();
    expect((await api.as('viewer').degradation.list()).callers).toEqual([]);
  });

  it('runs the change when a second user approves, as the requester, once', async () => {
    const [pending] = await api.as('viewer').requests.list({ status: 'pending' });
    const done = await api.as('admin').requests.approve({ id: pending!.id, reason: 'looks right' });
    expect(done).toMatchObject({ status: 'done', decidedBy: 'admin@test.local' });
    expect((await api.as('viewer').degradation.list()).callers[0]).toMatchObject({ caller: 'demo', ratio: 0.5 });
    const run = await api.db.auditEntry.findFirst({ where: { action: 'requests.run', target: pending!.id } });
    expect(run).toMatchObject({ actor: 'operator@test.local', outcome: 'ok' });
    await expect(api.as('admin').requests.approve({ id: pending!.id, reason: 'again' })).rejects.toMatchObject({
      apiCode: 'REQUEST_NOT_PENDING',
    });
  });

  it('rejects: the change never happens', async () => {
    const id = await file(api.as('operator').degradation.setKey({ key: 'hot:2', ratio: 0.9, reason: 'too much' }));
    const rejected = await api.as('admin').requests.reject({ id, reason: 'not this one' });
    expect(rejected.status).toBe('rejected');
    expect((await api.as('viewer').degradation.list()).keys.map((k) => k.key)).not.toContain('hot:2');
  });
});

describe('schedules', () => {
  it('runs an approved rollback at its scheduled time, and not before', async () => {
    const id = await file(api.as('operator').versions.rollback({ version: 1, reason: 'undo the drops' }));
    const runAt = new Date(Date.now() + 60_000);
    const approved = await api
      .as('admin')
      .requests.approve({ id, reason: 'at the quiet hour', runAt: runAt.toISOString() });
    expect(approved).toMatchObject({ status: 'approved', scheduledAt: runAt.toISOString() });
    const before = await versions();
    expect((await runDueRequests(api.deps, new Date(runAt.getTime() - 1_000))).ran).toEqual([]);
    expect(await versions()).toBe(before);
    expect((await runDueRequests(api.deps, new Date(runAt.getTime() + 1_000))).ran).toEqual([{ id, outcome: 'done' }]);
    expect(await versions()).toBe(before + 1);
    expect((await api.as('viewer').degradation.list()).callers).toEqual([]);
  });

  it('cancels a scheduled change before its time; the scheduler loop then skips it', async () => {
    await api.as('operator').degradation.setKey({ key: 'hot:3', ratio: 0.1, reason: 'small', expiresInMinutes: 10 });
    const id = await file(api.as('operator').versions.rollback({ version: 1, reason: 'undo again' }));
    await api.as('admin').requests.approve({ id, reason: 'tonight', runAt: new Date(Date.now() + 400).toISOString() });
    const cancelled = await api.as('operator').requests.cancel({ id, reason: 'not needed any more' });
    expect(cancelled.status).toBe('cancelled');
    const before = await versions();
    const scheduler = startRequestScheduler(api.deps, 100);
    await new Promise((r) => setTimeout(r, 800));
    await scheduler.stop();
    expect(await versions()).toBe(before);
    expect((await api.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe('cancelled');
    await expect(api.as('operator').requests.cancel({ id, reason: 'twice' })).rejects.toMatchObject({
      apiCode: 'REQUEST_NOT_PENDING',
    });
  });

  it('the scheduler loop runs a due request by itself', async () => {
    const id = await file(api.as('operator').versions.rollback({ version: 1, reason: 'undo hot:3' }));
    await api.as('admin').requests.approve({ id, reason: 'soon', runAt: new Date(Date.now() + 300).toISOString() });
    const scheduler = startRequestScheduler(api.deps, 100);
    const deadline = Date.now() + 10_000;
    while (
      (await api.db.changeRequest.findUniqueOrThrow({ where: { id } })).status === 'approved' &&
      Date.now() < deadline
    )
      await new Promise((r) => setTimeout(r, 100));
    await scheduler.stop();
    expect((await api.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe('done');
    expect((await api.as('viewer').degradation.list()).keys).toEqual([]);
  });

  it('expires a request nobody decided in time; it can no longer be approved', async () => {
    const id = await file(api.as('operator').degradation.setCaller({ caller: 'demo', ratio: 0.7, reason: 'late' }));
    await api.db.changeRequest.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await expect(api.as('admin').requests.approve({ id, reason: 'too late' })).rejects.toMatchObject({
      apiCode: 'REQUEST_EXPIRED',
    });
    expect((await api.db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe('expired');
  });
});
