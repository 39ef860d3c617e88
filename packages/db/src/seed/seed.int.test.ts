import { DEMO_CALLER, DEMO_INSTANCES, demoSnapshot } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../client.ts';
import type { Db } from '../client.ts';
import { hashSecret, verifySecret } from '../crypto/secret-hash.ts';
import { hashSnapshot } from '../crypto/snapshot-hash.ts';
import { hashToken } from '../crypto/token-hash.ts';
import { startMigratedDatabase, startPostgres, testDatabaseKinds } from '../testing/index.ts';
import type { RunningPostgres } from '../testing/index.ts';
import { DEMO_OPERATOR_EMAIL, DEMO_VIEWER_EMAIL, seedDemo } from './index.ts';
import type { TSeedDemoInput } from './index.ts';

/** Cheap scrypt: the default cost is exercised by the crypto unit tests. */
const FAST = { scrypt: { N: 1024, r: 8, p: 1 } };

const ports = (base: number): Record<string, number> =>
  Object.fromEntries(DEMO_INSTANCES.map((inst, i) => [inst.name, base + i]));

const input = (base = 7000): TSeedDemoInput => ({
  topology: { host: '127.0.0.1', ports: ports(base) },
  admin: { email: 'admin@switchyard.local', password: 'admin-password-1', name: 'Admin' },
  demoCaller: { name: 'demo', secret: 'demo-caller-secret' },
  adminToken: 'sya_test_admin_token_0123456789',
  workerToken: 'syw_test_worker_token_0123456789',
});

async function counts(db: Db): Promise<Record<string, number>> {
  return {
    users: await db.user.count(),
    apiTokens: await db.apiToken.count(),
    workerTokens: await db.workerToken.count(),
    versions: await db.configVersion.count(),
    audit: await db.auditEntry.count(),
  };
}

describe.each(testDatabaseKinds())('demo seed on $name', (kind) => {
  let server: RunningPostgres;
  let db: Db;
  beforeAll(async () => {
    server = await startMigratedDatabase(kind);
    db = createDb(server.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
  });

  it('creates the users, tokens, draft and version 1, and audits it', async () => {
    const result = await seedDemo(db, input(), FAST);
    expect(result).toMatchObject({ configVersion: 1, draftRevision: 1 });
    const users = await db.user.findMany({ orderBy: { email: 'asc' } });
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ['admin@switchyard.local', 'admin'],
      [DEMO_OPERATOR_EMAIL, 'operator'],
      [DEMO_VIEWER_EMAIL, 'viewer'],
    ]);
    expect(await verifySecret('admin-password-1', users[0]?.passwordHash ?? '')).toBe(true);
    const token = await db.apiToken.findUnique({
      where: { tokenHash: hashToken(input().adminToken) },
      include: { user: true },
    });
    expect(token?.user.role).toBe('admin');
    expect(await db.workerToken.findUnique({ where: { tokenHash: hashToken(input().workerToken) } })).not.toBeNull();

    const version = await db.configVersion.findUniqueOrThrow({ where: { version: 1 } });
    const draft = await db.draft.findUniqueOrThrow({ where: { id: 'main' } });
    expect(version.hash).toBe(hashSnapshot(version.snapshot));
    expect(hashSnapshot(draft.snapshot)).toBe(version.hash);
    const snapshot = version.snapshot as {
      callers: Array<{ name: string; secretHash: string }>;
      instances: Array<{ name: string; addresses: Array<{ port: number }> }>;
    };
    expect(await verifySecret('demo-caller-secret', snapshot.callers[0]?.secretHash ?? '')).toBe(true);
    expect(snapshot.instances.find((i) => i.name === 'spare')?.addresses[0]?.port).toBe(ports(7000)['spare']);
    const actions = (await db.auditEntry.findMany()).map((a) => a.action).sort();
    expect(actions).toEqual([
      'api-token.create',
      'config.publish',
      'user.create',
      'user.create',
      'user.create',
      'worker-token.create',
    ]);
  });

  it('changes nothing when run again with the same input', async () => {
    const before = await counts(db);
    const result = await seedDemo(db, input(), FAST);
    expect(result).toEqual({ changes: [], configVersion: 1, draftRevision: 1 });
    expect(await counts(db)).toEqual(before);
  });

  it('republishes new ports on top of what operators published, keeping their changes', async () => {
    const v1 = await db.configVersion.findUniqueOrThrow({ where: { version: 1 } });
    const edited = { ...(v1.snapshot as object), failover: [{ from: 'gz', to: 'sh', reason: 'drill' }] };
    await db.configVersion.create({
      data: { version: 2, snapshot: edited, hash: hashSnapshot(edited), author: 'ops', reason: 'drill' },
    });

    const result = await seedDemo(db, input(8000), FAST);
    expect(result.configVersion).toBe(3);
    const v3 = (await db.configVersion.findUniqueOrThrow({ where: { version: 3 } })).snapshot as typeof edited & {
      instances: Array<{ name: string; addresses: Array<{ port: number }> }>;
    };
    expect(v3.failover).toEqual([{ from: 'gz', to: 'sh', reason: 'drill' }]);
    expect(v3.instances.find((i) => i.name === 'spare')?.addresses[0]?.port).toBe(ports(8000)['spare']);
    expect((await db.draft.findUniqueOrThrow({ where: { id: 'main' } })).revision).toBe(2);
  });
});

describe('demo seed from a prepared snapshot and a user list', () => {
  let server: RunningPostgres;
  let db: Db;
  beforeAll(async () => {
    server = await startMigratedDatabase({ name: 'postgres15', start: () => startPostgres() });
    db = createDb(server.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
  });

  it('seeds the listed users and stays put on a re-run with the same secrets', async () => {
    const secret = 'prepared-caller-secret';
    const seed = async (): Promise<TSeedDemoInput> => ({
      snapshot: demoSnapshot(
        { host: '127.0.0.1', ports: ports(9000) },
        await hashSecret(secret, { N: 1024, r: 8, p: 1 }),
      ),
      demoCaller: { name: DEMO_CALLER, secret },
      users: [
        { email: 'boss@example.com', name: 'Boss', role: 'admin', password: 'boss-password' },
        { email: 'eve@example.com', role: 'viewer', password: 'eve-password' },
      ],
      adminToken: 'sy_api_prepared_admin_token_000',
      workerToken: 'sy_wrk_prepared_worker_token_00',
    });
    const first = await seedDemo(db, await seed(), FAST);
    expect(first.configVersion).toBe(1);
    expect((await db.user.findMany({ orderBy: { email: 'asc' } })).map((u) => u.role)).toEqual(['admin', 'viewer']);
    // A freshly salted hash of the same secret is not a config change.
    expect(await seedDemo(db, await seed(), FAST)).toEqual({ changes: [], configVersion: 1, draftRevision: 1 });
  });
});
