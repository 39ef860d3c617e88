/**
 * Issue 14 #13: caller secret hashes (and Redis instance passwords) never leave the server
 * through the console API (draft, versions, diff, audit) for any role, while the worker
 * config endpoint still serves them.
 */
import { ZConfigSnapshot, ZPublishedConfig } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../http/node-server.ts';
import { startTestApi, WORKER_TOKEN, type TestApi } from '../testing/test-api.ts';
import { ROLES } from '../roles.ts';

let api: TestApi;
let server: ApiServer;
let latest = 0;
const REDIS_PASSWORD = 'redis-instance-password-1';
const LEAKS = new RegExp(`scrypt\\$|${REDIS_PASSWORD}`);

beforeAll(async () => {
  api = await startTestApi({ options: { configPollTimeoutMs: 200 } });
  server = await startApiServer(api.deps);
  const admin = api.as('admin');
  const rev = async (): Promise<number> => (await admin.draft.get()).revision;
  await admin.callers.create({
    expectedRevision: await rev(),
    caller: { name: 'billing', commands: ['GET'], keyTypes: ['*'] },
  });
  await api.as('operator').draft.publish({ expectedRevision: await rev(), reason: 'add billing' });
  const gz = (await admin.draft.get()).snapshot.instances.find((i) => i.name === 'gz-personal')!;
  await admin.instances.upsert({
    expectedRevision: await rev(),
    instance: { ...gz, password: REDIS_PASSWORD },
    reason: 'password the gz home',
  });
  await admin.callers.rotateSecret({ expectedRevision: await rev(), name: 'billing' });
  latest = (await api.as('operator').draft.publish({ expectedRevision: await rev(), reason: 'rotate billing' }))
    .version;
  // A row written the old way, with a raw hash in it: redacted on the way out as well.
  await api.db.auditEntry.create({
    data: {
      actor: 'seed',
      action: 'legacy.row',
      target: 'x',
      outcome: 'ok',
      after: { path: 'callers[a].secretHash', before: 'scrypt$1$2$3$a$b', after: 'scrypt$1$2$3$c$d' },
    },
  });
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

describe.each(ROLES)('as %s', (role) => {
  it('draft.get shows fingerprints, not hashes', async () => {
    const draft = await api.as(role).draft.get();
    expect(JSON.stringify(draft)).not.toMatch(LEAKS);
    expect(draft.snapshot.instances.find((i) => i.name === 'gz-personal')?.password).toBe('[secret]');
    expect(draft.snapshot.callers.find((c) => c.name === 'billing')?.secretHash).toMatch(/^\[secret [0-9a-f]{8}\]$/);
  });

  it('versions.get and versions.diff show fingerprints, and the diff still shows the rotation', async () => {
    for (let version = 1; version <= latest; version++)
      expect(JSON.stringify(await api.as(role).versions.get({ version }))).not.toMatch(LEAKS);
    const diff = await api.as(role).versions.diff({ from: 1, to: latest });
    expect(JSON.stringify(diff)).not.toMatch(LEAKS);
    expect(diff.changes).toContainEqual({ path: 'instances[gz-personal].password', after: '[secret]' });
    const rotation = await api.as(role).versions.diff({ from: latest - 1, to: latest });
    const rotated = rotation.changes.find((c) => c.path === 'callers[billing].secretHash');
    expect(rotated).toEqual({
      path: 'callers[billing].secretHash',
      before: expect.stringMatching(/^\[secret [0-9a-f]{8}\]$/),
      after: expect.stringMatching(/^\[secret [0-9a-f]{8}\]$/),
    });
    expect(rotated?.before).not.toBe(rotated?.after);
  });

  it('audit.list shows no hash, in new rows or old ones', async () => {
    const audit = await api.as(role).audit.list({ limit: 200 });
    expect(audit.entries.some((e) => e.action === 'callers.rotateSecret')).toBe(true);
    expect(audit.entries.some((e) => e.action === 'legacy.row')).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(LEAKS);
  });
});

describe('storage and workers', () => {
  it('stores audit rows without hashes', async () => {
    const rows = await api.db.auditEntry.findMany({ where: { action: { not: 'legacy.row' } } });
    expect(rows.length).toBeGreaterThan(3);
    expect(JSON.stringify(rows)).not.toMatch(LEAKS);
  });

  it('keeps the instance password when an edit sends back the [secret] it was shown', async () => {
    const admin = api.as('admin');
    const shown = (await admin.draft.get()).snapshot.instances.find((i) => i.name === 'gz-personal')!;
    await admin.instances.upsert({
      expectedRevision: (await admin.draft.get()).revision,
      instance: { ...shown, replicas: [] },
      reason: 'edit without retyping',
    });
    const stored = ZConfigSnapshot.parse((await api.db.draft.findUniqueOrThrow({ where: { id: 'main' } })).snapshot);
    expect(stored.instances.find((i) => i.name === 'gz-personal')?.password).toBe(REDIS_PASSWORD);
    const fresh = {
      name: 'new-one',
      region: 'gz',
      kind: 'standalone' as const,
      addresses: [{ host: '127.0.0.1', port: 7999 }],
      replicas: [],
      password: '[secret]',
    };
    await expect(
      admin.instances.upsert({ expectedRevision: (await admin.draft.get()).revision, instance: fresh }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('still serves the real hashes to workers on /api/config', async () => {
    const res = await fetch(`${server.url}/api/config?after=0`, {
      headers: { authorization: `Bearer ${WORKER_TOKEN}` },
    });
    const body = ZPublishedConfig.parse(await res.json());
    expect(body.version).toBe(latest);
    expect(body.snapshot.callers.find((c) => c.name === 'billing')?.secretHash).toMatch(/^scrypt\$/);
    expect(body.snapshot.instances.find((i) => i.name === 'gz-personal')?.password).toBe(REDIS_PASSWORD);
  });
});
