/**
 * Issue 14 #9: a rollback changes only what the rolling-back user's role may change, and
 * never brings back an old caller secret (rollback-policy.ts).
 */
import { verifySecret } from '@switchyard/db/crypto';
import { ZConfigSnapshot } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

/** The hash the workers get: straight from the published row, as /api/config serves it. */
async function publishedHash(version: number, caller: string): Promise<string | undefined> {
  const row = await api.db.configVersion.findUniqueOrThrow({ where: { version } });
  return ZConfigSnapshot.parse(row.snapshot).callers.find((c) => c.name === caller)?.secretHash;
}

async function publish(reason: string): Promise<number> {
  const { revision } = await api.as('admin').draft.get();
  return (await api.as('operator').draft.publish({ expectedRevision: revision, reason })).version;
}

const revision = async (): Promise<number> => (await api.as('admin').draft.get()).revision;
const billing = { name: 'billing', commands: ['GET'], keyTypes: ['meeting_info'] };
let leaked = '';
let rotated = '';
let v2 = 0;
let v3 = 0;

describe('versions.rollback and roles', () => {
  it("an operator rollback past a secret rotation keeps today's secret: the leaked one stays dead", async () => {
    leaked = (await api.as('admin').callers.create({ expectedRevision: await revision(), caller: billing })).secret;
    v2 = await publish('add billing');
    rotated = (
      await api
        .as('admin')
        .callers.rotateSecret({ expectedRevision: await revision(), name: 'billing', reason: 'secret leaked' })
    ).secret;
    v3 = await publish('rotate leaked billing secret');

    const rolled = await api.as('operator').versions.rollback({ version: v2, reason: 'undo last publish' });
    const hash = await publishedHash(rolled.version, 'billing');
    expect(hash).toBe(await publishedHash(v3, 'billing'));
    expect(await verifySecret(leaked, hash ?? '')).toBe(false);
    expect(await verifySecret(rotated, hash ?? '')).toBe(true);
    const draft = await api.db.draft.findUniqueOrThrow({ where: { id: 'main' } });
    expect(JSON.stringify(draft.snapshot)).toContain(hash);
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'versions.rollback', outcome: 'ok' },
      orderBy: { at: 'desc' },
    });
    expect(audit?.after).toMatchObject({ keptSecrets: true, lockedCallers: [] });
  });

  it('refuses an operator rollback that would undo an admin-only change, audited as denied, publishing nothing', async () => {
    await api
      .as('admin')
      .callers.update({ expectedRevision: await revision(), caller: { ...billing, commands: ['GET', 'SET'] } });
    const before = await publish('billing may SET');
    const rollback = api.as('operator').versions.rollback({ version: v3, reason: 'operator tries to undo' });
    await expect(rollback).rejects.toMatchObject({
      code: 'FORBIDDEN',
      apiCode: 'ROLLBACK_NEEDS_ADMIN',
      message: expect.stringContaining('callers'),
    });
    expect((await api.db.configVersion.aggregate({ _max: { version: true } }))._max.version).toBe(before);
    const denied = await api.db.auditEntry.findFirst({ where: { action: 'versions.rollback', outcome: 'denied' } });
    expect(denied).toMatchObject({ actor: 'operator@test.local', target: `version ${v3}` });
    expect(denied?.after).toMatchObject({ error: 'ROLLBACK_NEEDS_ADMIN' });
  });

  it("lets an admin roll the same change back, still with today's secret", async () => {
    const rolled = await api.as('admin').versions.rollback({ version: v3, reason: 'admin undoes SET' });
    const row = ZConfigSnapshot.parse(
      (await api.db.configVersion.findUniqueOrThrow({ where: { version: rolled.version } })).snapshot,
    );
    expect(row.callers.find((c) => c.name === 'billing')?.commands).toEqual(['GET']);
    expect(await verifySecret(rotated, (await publishedHash(rolled.version, 'billing')) ?? '')).toBe(true);
  });

  it('brings a removed caller back locked: no old secret authenticates', async () => {
    const withBilling = (await api.db.configVersion.aggregate({ _max: { version: true } }))._max.version ?? 0;
    await api
      .as('admin')
      .callers.remove({ expectedRevision: await revision(), name: 'billing', reason: 'retire billing' });
    await publish('remove billing');
    const rolled = await api.as('admin').versions.rollback({ version: withBilling, reason: 'billing is back' });
    const hash = (await publishedHash(rolled.version, 'billing')) ?? '';
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifySecret(rotated, hash)).toBe(false);
    expect(await verifySecret(leaked, hash)).toBe(false);
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'versions.rollback', outcome: 'ok' },
      orderBy: { at: 'desc' },
    });
    expect(audit?.after).toMatchObject({ lockedCallers: ['billing'] });
  });

  it('still lets an operator roll back an operational change (a caller drop)', async () => {
    const clean = (await api.db.configVersion.aggregate({ _max: { version: true } }))._max.version ?? 0;
    await api.as('operator').degradation.setCaller({ caller: 'billing', ratio: 0.5, reason: 'shed billing' });
    const rolled = await api.as('operator').versions.rollback({ version: clean, reason: 'undo the drop' });
    const row = ZConfigSnapshot.parse(
      (await api.db.configVersion.findUniqueOrThrow({ where: { version: rolled.version } })).snapshot,
    );
    expect(row.degradation.callers).toEqual([]);
  });

  it("keeps an admin's unpublished draft edits when an operator rolls back", async () => {
    const clean = (await api.db.configVersion.aggregate({ _max: { version: true } }))._max.version ?? 0;
    await api
      .as('admin')
      .regions.upsert({ expectedRevision: await revision(), region: { name: 'gz', label: 'pending admin edit' } });
    await api.as('operator').degradation.setCaller({ caller: 'billing', ratio: 0.3, reason: 'shed billing again' });
    await api.as('operator').versions.rollback({ version: clean, reason: 'undo the drop' });
    const draft = await api.as('admin').draft.get();
    expect(draft.snapshot.regions.find((r) => r.name === 'gz')?.label).toBe('pending admin edit');
    expect(draft.snapshot.degradation.callers).toEqual([]);
  });
});
