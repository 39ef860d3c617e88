/** Draft edits with optimistic concurrency, publish, versions, diff and rollback. */
import { ZConfigSnapshot } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const tj = {
  name: 'tj-personal',
  region: 'tj',
  kind: 'standalone' as const,
  addresses: [{ host: '127.0.0.1', port: 7001 }],
  replicas: [],
};

describe('draft edits', () => {
  it('bumps the revision on success and refuses a stale revision with CONFLICT, writing nothing', async () => {
    const admin = api.as('admin');
    const first = await admin.regions.upsert({
      expectedRevision: 1,
      region: { name: 'tj', label: 'Tianjin' },
      reason: 'new region',
    });
    expect(first.revision).toBe(2);
    await expect(admin.instances.upsert({ expectedRevision: 1, instance: tj })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const draft = await admin.draft.get();
    expect(draft.revision).toBe(2);
    expect(draft.snapshot.instances.some((i) => i.name === 'tj-personal')).toBe(false);
    const second = await admin.instances.upsert({ expectedRevision: 2, instance: tj });
    expect(second.revision).toBe(3);
    const audit = await api.db.auditEntry.findFirst({ where: { action: 'instances.upsert', outcome: 'ok' } });
    expect(audit?.after).toMatchObject({ revision: 3 });
  });

  it('validates inputs with the core schemas', async () => {
    await expect(
      api.as('admin').instances.upsert({ expectedRevision: 3, instance: { ...tj, name: 'Bad Name' } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'instances.upsert', outcome: 'error', target: 'Bad Name' },
    });
    expect(audit?.after).toMatchObject({ issues: [{ path: ['instance', 'name'] }] });
  });

  it('refuses to remove an instance a code still uses', async () => {
    await expect(api.as('admin').instances.remove({ expectedRevision: 3, name: 'gz-personal' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await api.as('admin').draft.get()).revision).toBe(3);
  });

  it('creates a caller with a server-generated secret returned once, storing only its hash', async () => {
    const created = await api.as('admin').callers.create({
      expectedRevision: 3,
      caller: { name: 'billing', commands: ['GET'], keyTypes: ['meeting_info'] },
    });
    expect(created.secret.length).toBeGreaterThanOrEqual(24);
    const draft = await api.as('admin').draft.get();
    const caller = draft.snapshot.callers.find((c) => c.name === 'billing');
    // The API shows a fingerprint (issue 14 #13); the stored draft holds the scrypt hash.
    expect(caller?.secretHash).toMatch(/^\[secret [0-9a-f]{8}\]$/);
    const stored = await api.db.draft.findUniqueOrThrow({ where: { id: 'main' } });
    expect(ZConfigSnapshot.parse(stored.snapshot).callers.find((c) => c.name === 'billing')?.secretHash).toMatch(
      /^scrypt\$/,
    );
    expect(JSON.stringify(draft.snapshot)).not.toContain(created.secret);
    expect(JSON.stringify(stored.snapshot)).not.toContain(created.secret);
    const audits = await api.db.auditEntry.findMany({ where: { action: 'callers.create' } });
    expect(JSON.stringify(audits)).not.toContain(created.secret);
    const rotated = await api.as('admin').callers.rotateSecret({ expectedRevision: 4, name: 'billing' });
    expect(rotated.secret).not.toBe(created.secret);
  });
});

describe('publish and versions', () => {
  it('refuses to publish a draft with problems', async () => {
    const admin = api.as('admin');
    // A deployed code with no instance in the new region tj is a problem (DESIGN §6).
    const { revision } = await admin.draft.get();
    const bad = await admin.codes.setDeployed({
      expectedRevision: revision,
      deployedCodes: [1, 2, 5, 6, 9],
      bottom: 2,
    });
    const draft = await admin.draft.get();
    expect(draft.problems.length).toBeGreaterThan(0);
    await expect(
      api.as('operator').draft.publish({ expectedRevision: bad.revision, reason: 'should fail' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await api.db.configVersion.count()).toBe(1);
    await admin.codes.setDeployed({ expectedRevision: bad.revision, deployedCodes: [1, 2, 5, 6], bottom: 2 });
  });

  it('refuses to publish a stale revision', async () => {
    await expect(
      api.as('operator').draft.publish({ expectedRevision: 1, reason: 'stale review' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('publishes, lists, diffs and rolls back', async () => {
    const admin = api.as('admin');
    // Every deployed code needs an instance in every region, so tj goes again before publishing.
    const removed = await admin.instances.remove({
      expectedRevision: (await admin.draft.get()).revision,
      name: 'tj-personal',
    });
    await admin.regions.remove({ expectedRevision: removed.revision, name: 'tj' });
    const { revision, snapshot } = await admin.draft.get();
    const v2 = await api.as('operator').draft.publish({ expectedRevision: revision, reason: 'add billing' });
    expect(v2).toMatchObject({
      version: 2,
      author: 'operator@test.local',
      reason: 'add billing',
      rolledBackFrom: null,
    });
    expect(v2.hash).toMatch(/^[0-9a-f]{64}$/);
    const list = await api.as('viewer').versions.list();
    expect(list.map((v) => v.version)).toEqual([2, 1]);
    const got = await api.as('viewer').versions.get({ version: 2 });
    expect(got.snapshot.regions.map((r) => r.name)).toEqual(snapshot.regions.map((r) => r.name));
    const diff = await api.as('viewer').versions.diff({ from: 1, to: 2 });
    expect(diff.changes.map((c) => c.path)).toEqual(['callers[billing]']);

    // Removing a caller is admin-only, so is rolling its creation back (issue 14 #9).
    const rolled = await api.as('admin').versions.rollback({ version: 1, reason: 'undo billing' });
    expect(rolled).toMatchObject({ version: 3, rolledBackFrom: 1 });
    const v3 = await api.as('viewer').versions.get({ version: 3 });
    const v1 = await api.as('viewer').versions.get({ version: 1 });
    expect(v3.hash).toBe(v1.hash);
    const draft = await api.as('viewer').draft.get();
    expect(draft.revision).toBe(rolled.draftRevision);
    expect(draft.snapshot.callers.map((c) => c.name)).not.toContain('billing');
    const audit = await api.as('viewer').audit.list({ action: 'versions.rollback' });
    expect(audit.entries[0]).toMatchObject({ actor: 'admin@test.local', outcome: 'ok', reason: 'undo billing' });
  });

  it('diffs unknown versions with NOT_FOUND', async () => {
    await expect(api.as('viewer').versions.diff({ from: 1, to: 99 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pages and filters the audit log', async () => {
    const page1 = await api.as('viewer').audit.list({ limit: 2 });
    expect(page1.entries).toHaveLength(2);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await api.as('viewer').audit.list({ limit: 2, cursor: page1.nextCursor ?? undefined });
    expect(page2.entries[0]?.id).not.toBe(page1.entries[1]?.id);
    const errors = await api.as('viewer').audit.list({ outcome: 'error' });
    expect(errors.entries.every((e) => e.outcome === 'error')).toBe(true);
    expect(errors.entries.some((e) => e.action === 'instances.upsert')).toBe(true);
    const byActor = await api
      .as('viewer')
      .audit.list({ actor: 'operator@test.local', from: new Date(Date.now() - 60_000).toISOString() });
    expect(byActor.entries.length).toBeGreaterThan(0);
    expect(byActor.entries.every((e) => e.actor === 'operator@test.local')).toBe(true);
  });
});
