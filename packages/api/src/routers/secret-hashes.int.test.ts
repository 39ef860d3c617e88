/**
 * Issue 14 #13: caller secret hashes never leave the server through the console API (draft,
 * versions, diff, audit) for any role, while the worker config endpoint still serves them.
 */
import { ZPublishedConfig } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../http/node-server.ts';
import { startTestApi, WORKER_TOKEN, type TestApi } from '../testing/test-api.ts';
import { ROLES } from '../roles.ts';

let api: TestApi;
let server: ApiServer;
let latest = 0;
const SCRYPT = /scrypt\$/;

beforeAll(async () => {
  api = await startTestApi({ options: { configPollTimeoutMs: 200 } });
  server = await startApiServer(api.deps);
  const admin = api.as('admin');
  const rev = async (): Promise<number> => (await admin.draft.get()).revision;
  await admin.callers.create({ expectedRevision: await rev(), caller: { name: 'billing', commands: ['GET'], keyTypes: ['*'] } });
  await api.as('operator').draft.publish({ expectedRevision: await rev(), reason: 'add billing' });
  await admin.callers.rotateSecret({ expectedRevision: await rev(), name: 'billing' });
  latest = (await api.as('operator').draft.publish({ expectedRevision: await rev(), reason: 'rotate billing' })).version;
  // A row written the old way, with a raw hash in it: redacted on the way out as well.
  await api.db.auditEntry.create({ data: { actor: 'seed', action: 'legacy.row', target: 'x', outcome: 'ok', after: { path: 'callers[a].secretHash', before: 'scrypt$1$2$3$a$b', after: 'scrypt$1$2$3$c$d' } } });
});
afterAll(async () => {
  await server?.close();
  await api?.stop();
});

describe.each(ROLES)('as %s', (role) => {
  it('draft.get shows fingerprints, not hashes', async () => {
    const draft = await api.as(role).draft.get();
    expect(JSON.stringify(draft)).not.toMatch(SCRYPT);
    expect(draft.snapshot.callers.find((c) => c.name === 'billing')?.secretHash).toMatch(/^\[secret [0-9a-f]{8}\]$/);
  });

  it('versions.get and versions.diff show fingerprints, and the diff still shows the rotation', async () => {
    for (let version = 1; version <= latest; version++) expect(JSON.stringify(await api.as(role).versions.get({ version }))).not.toMatch(SCRYPT);
    const diff = await api.as(role).versions.diff({ from: 1, to: latest });
    expect(JSON.stringify(diff)).not.toMatch(SCRYPT);
    const rotation = await api.as(role).versions.diff({ from: latest - 1, to: latest });
    expect(rotation.changes).toEqual([{ path: 'callers[billing].secretHash', before: expect.stringMatching(/^\[secret /), after: expect.stringMatching(/^\[secret /) }]);
    expect(rotation.changes[0]?.before).not.toBe(rotation.changes[0]?.after);
  });

  it('audit.list shows no hash, in new rows or old ones', async () => {
    const audit = await api.as(role).audit.list({ limit: 200 });
    expect(audit.entries.some((e) => e.action === 'callers.rotateSecret')).toBe(true);
    expect(audit.entries.some((e) => e.action === 'legacy.row')).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(SCRYPT);
  });
});

describe('storage and workers', () => {
  it('stores audit rows without hashes', async () => {
    const rows = await api.db.auditEntry.findMany({ where: { action: { not: 'legacy.row' } } });
    expect(rows.length).toBeGreaterThan(3);
    expect(JSON.stringify(rows)).not.toMatch(SCRYPT);
  });

  it('still serves the real hashes to workers on /api/config', async () => {
    const res = await fetch(`${server.url}/api/config?after=0`, { headers: { authorization: `Bearer ${WORKER_TOKEN}` } });
    const body = ZPublishedConfig.parse(await res.json());
    expect(body.version).toBe(latest);
    expect(body.snapshot.callers.find((c) => c.name === 'billing')?.secretHash).toMatch(/^scrypt\$/);
  });
});
