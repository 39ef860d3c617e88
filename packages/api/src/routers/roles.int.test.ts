/**
 * The role contract of every procedure, as a table: a role below the minimum gets FORBIDDEN
 * (and a denied audit entry for mutations), no credentials get UNAUTHORIZED. The table must
 * name every procedure of the app router, so a new one cannot ship without a role decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '@switchyard/db/testing';
import { ROLES, type TRole } from '../roles.ts';
import { startTestApi, type TestApi, type TestCaller } from '../testing/test-api.ts';
import { appRouter } from './app-router.ts';

const MIN_ROLE: Record<string, TRole | 'public'> = {
  'auth.me': 'public',
  'draft.get': 'viewer',
  'draft.diff': 'viewer',
  'draft.publish': 'operator',
  'regions.upsert': 'admin',
  'regions.remove': 'admin',
  'instances.health': 'viewer',
  'instances.upsert': 'admin',
  'instances.remove': 'admin',
  'instances.provisionDataUser': 'admin',
  'codes.upsert': 'admin',
  'codes.remove': 'admin',
  'codes.setDeployed': 'admin',
  'encodingRules.set': 'admin',
  'keyTypes.upsert': 'admin',
  'keyTypes.remove': 'admin',
  'keyTypes.reorder': 'admin',
  'callers.create': 'admin',
  'callers.update': 'admin',
  'callers.remove': 'admin',
  'callers.rotateSecret': 'admin',
  'versions.list': 'viewer',
  'versions.get': 'viewer',
  'versions.diff': 'viewer',
  'versions.rollback': 'operator',
  'audit.list': 'viewer',
  'fleet.list': 'viewer',
  'fleet.forget': 'operator',
  'metrics.traffic': 'viewer',
  'metrics.latency': 'viewer',
  'metrics.drops': 'viewer',
  'metrics.cache': 'viewer',
  'metrics.errorsByInstance': 'viewer',
  'metrics.hotKeys': 'viewer',
  'metrics.bigKeys': 'viewer',
  'metrics.events': 'viewer',
  'failover.status': 'viewer',
  'failover.preview': 'viewer',
  'failover.set': 'operator',
  'failover.clear': 'operator',
  'failover.failbackPreview': 'viewer',
  'degradation.list': 'viewer',
  'degradation.setCaller': 'operator',
  'degradation.setKey': 'operator',
  'degradation.clearCaller': 'operator',
  'degradation.clearKey': 'operator',
  'tools.decodeId': 'viewer',
  'tools.routePreview': 'viewer',
  'migrations.list': 'viewer',
  'migrations.status': 'viewer',
  'migrations.deadLetters': 'viewer',
  'recon.report': 'viewer',
  'migrations.create': 'operator',
  'migrations.advance': 'operator',
  'migrations.rollback': 'operator',
  'migrations.replayDeadLetter': 'operator',
  'migrations.previewCreate': 'operator',
  'migrations.previewStep': 'operator',
  'recon.differences': 'viewer',
  'recon.repair': 'operator',
  'recon.rerun': 'operator',
  'versions.rollbackPreview': 'viewer',
  'users.list': 'admin',
  'users.create': 'admin',
  'users.setRole': 'admin',
  'users.remove': 'admin',
  'apiTokens.list': 'admin',
  'apiTokens.create': 'admin',
  'apiTokens.revoke': 'admin',
  'workerTokens.list': 'admin',
  'workerTokens.create': 'admin',
  'workerTokens.revoke': 'admin',
  'safety.list': 'viewer',
  'safety.history': 'viewer',
  'safety.set': 'admin',
  'requests.list': 'viewer',
  'requests.approve': 'operator',
  'requests.reject': 'operator',
  'requests.cancel': 'operator',
  'degradation.previewDrop': 'viewer',
  'degradation.listThrottles': 'viewer',
  'degradation.setThrottle': 'operator',
  'degradation.clearThrottle': 'operator',
  'degradation.setAutoThrottle': 'operator',
  'instances.writeLog': 'viewer',
  'migrations.shadowReads': 'viewer',
  'migrations.setShadowRate': 'operator',
  'notifications.list': 'admin',
  'notifications.outbox': 'admin',
  'notifications.upsert': 'admin',
  'notifications.remove': 'admin',
  'notifications.test': 'admin',
  'recon.filters.list': 'viewer',
  'recon.filters.create': 'operator',
  'recon.filters.remove': 'operator',
};

type Procedures = Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
const procedures = (appRouter as unknown as { _def: { procedures: Procedures } })._def.procedures;

/** Calls `path` on a caller; the role check runs before input parsing, so any input will do. */
function call(caller: TestCaller, path: string): Promise<unknown> {
  const parts = path.split('.');
  const name = parts.pop()!;
  // Nested routers (recon.filters.create) are objects of objects on the caller.
  const group = parts.reduce<Record<string, unknown>>(
    (node, part) => node[part] as Record<string, unknown>,
    caller as unknown as Record<string, unknown>,
  );
  return (group[name] as (input?: unknown) => Promise<unknown>)({});
}

describe.each(testDatabaseKinds())('role table on $name', (kind) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ database: kind });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('names every procedure of the app router', () => {
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(MIN_ROLE).sort());
  });

  it('refuses every role below the minimum with FORBIDDEN and audits refused mutations', async () => {
    for (const [path, min] of Object.entries(MIN_ROLE)) {
      if (min === 'public') continue;
      const below = ROLES.slice(0, ROLES.indexOf(min));
      for (const role of below) {
        const before = await api.db.auditEntry.count({ where: { action: path, outcome: 'denied' } });
        await expect(call(api.as(role), path), `${role} → ${path}`).rejects.toMatchObject({ code: 'FORBIDDEN' });
        const after = await api.db.auditEntry.count({ where: { action: path, outcome: 'denied' } });
        expect(after - before, `denied audit for ${role} → ${path}`).toBe(
          procedures[path]!._def.type === 'mutation' ? 1 : 0,
        );
      }
    }
  });

  it('refuses every non-public procedure without credentials with UNAUTHORIZED', async () => {
    const anonymous = await api.withHeaders({});
    for (const [path, min] of Object.entries(MIN_ROLE)) {
      if (min === 'public') continue;
      await expect(call(anonymous, path), path).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('lets the minimum role past the role check (a later input error is fine)', async () => {
    for (const [path, min] of Object.entries(MIN_ROLE)) {
      if (min === 'public') continue;
      const outcome = await call(api.as(min), path).then(
        () => null,
        (e: { code?: string }) => e.code,
      );
      expect(['FORBIDDEN', 'UNAUTHORIZED'], path).not.toContain(outcome);
    }
  });
});
