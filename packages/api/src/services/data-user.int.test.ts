/**
 * Issue 14 through the API: the console creates and checks the managed data user of each
 * instance with the admin credentials, and the health view warns about a missing user or
 * `sanitize-dump-payload` not being `yes`. Real redis-servers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.ts';

let api: TestApi;
let sanitized: RedisProcess;
let unsanitized: RedisProcess;
let spare: RedisProcess;
const clients: Redis[] = [];
const direct = (port: number, user?: { username: string; password: string }): Redis => {
  const c = new Redis({ port, maxRetriesPerRequest: 0, lazyConnect: false, ...(user ?? {}) });
  c.on('error', () => undefined);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  [sanitized, unsanitized, spare] = await Promise.all([
    startRedis(),
    startRedis({ args: ['--sanitize-dump-payload', 'no'] }),
    startRedis(),
  ]);
  api = await startTestApi({
    ports: { 'gz-personal': sanitized.port, 'gz-enterprise': unsanitized.port },
    options: { redisTimeoutMs: 500 },
  });
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await api?.stop();
  await Promise.all([sanitized, unsanitized, spare].map((r) => r?.stop()));
});

/** The draft as stored: API views show a data user's password as '[secret]' (issue 14 #13). */
const storedDataUser = async (name: string): Promise<{ username: string; password: string } | undefined> => {
  const row = await api.db.draft.findFirstOrThrow();
  const snapshot = row.snapshot as { instances: { name: string; dataUser?: { username: string; password: string } }[] };
  return snapshot.instances.find((i) => i.name === name)?.dataUser;
};

const healthOf = async (name: string) => (await api.as('viewer').instances.health()).find((h) => h.name === name)!;

describe('managed data user (issue 14)', () => {
  it('health shows an instance without the managed user, and warns when RESTORE payloads are not sanitized', async () => {
    expect(await healthOf('gz-personal')).toMatchObject({
      reachable: true,
      dataUser: 'not-configured',
      sanitizeDumpPayload: 'yes',
    });
    expect((await healthOf('gz-personal')).warnings.join(' ')).toMatch(/scripts are refused/);
    const ent = await healthOf('gz-enterprise');
    expect(ent.sanitizeDumpPayload).toBe('no');
    expect(ent.warnings.join(' ')).toMatch(/sanitize-dump-payload is 'no'/);
  });

  it('provisionDataUser creates the user on the server, records it in the draft (audited, password redacted), and health turns ok', async () => {
    const admin = api.as('admin');
    const { revision } = await admin.draft.get();
    await admin.instances.provisionDataUser({ expectedRevision: revision, name: 'gz-personal', reason: 'issue 14' });
    const user = (await storedDataUser('gz-personal'))!;
    expect(user.username).toBe('switchyard-proxy');
    // The console's view never carries the password.
    expect((await admin.draft.get()).snapshot.instances.find((i) => i.name === 'gz-personal')!.dataUser).toEqual({
      username: 'switchyard-proxy',
      password: '[secret]',
    });
    expect(await healthOf('gz-personal')).toMatchObject({ dataUser: 'ok', warnings: [] });
    const asUser = direct(sanitized.port, user);
    expect(await asUser.set('k', 'v')).toBe('OK');
    await expect(asUser.eval("return redis.call('FLUSHALL')", 1, 'k')).rejects.toThrow(/can't run this command/);
    await expect(asUser.call('REPLICAOF', 'NO', 'ONE')).rejects.toThrow(/NOPERM/);
    const audit = await api.db.auditEntry.findFirst({
      where: { action: 'instances.provisionDataUser', outcome: 'ok' },
    });
    expect(audit).not.toBeNull();
    expect(JSON.stringify(audit)).not.toContain(user.password);
  });

  it('health reports a user deleted on the server, and provisioning again restores it with the same password', async () => {
    await direct(sanitized.port).call('ACL', 'DELUSER', 'switchyard-proxy');
    expect((await healthOf('gz-personal')).dataUser).toBe('missing');
    const admin = api.as('admin');
    const before = (await storedDataUser('gz-personal'))!;
    await admin.instances.provisionDataUser({
      expectedRevision: (await admin.draft.get()).revision,
      name: 'gz-personal',
    });
    expect(await storedDataUser('gz-personal')).toEqual(before);
    expect((await healthOf('gz-personal')).dataUser).toBe('ok');
  });

  it('adding an instance provisions its user; an edit without one (the form) keeps it', async () => {
    const admin = api.as('admin');
    const instance = {
      name: 'extra',
      region: 'gz',
      kind: 'standalone' as const,
      addresses: [{ host: '127.0.0.1', port: spare.port }],
      replicas: [],
    };
    const added = await admin.instances.upsert({ expectedRevision: (await admin.draft.get()).revision, instance });
    expect(added.dataUser.provisioned).toBe(true);
    // This server has neither an aclfile nor a config file: the admin is told a restart loses the user.
    expect(added.dataUser.message).toMatch(/not persisted on 127\.0\.0\.1:\d+/);
    const user = (await storedDataUser('extra'))!;
    expect(await direct(spare.port, user).ping()).toBe('PONG');
    await admin.instances.upsert({
      expectedRevision: (await admin.draft.get()).revision,
      instance: { ...instance, replicas: [] },
    });
    expect(await storedDataUser('extra')).toEqual(user);
    // The edit form sends back what it loaded, the redacted marker: the user is kept too.
    const viewed = (await admin.draft.get()).snapshot.instances.find((i) => i.name === 'extra')!;
    await admin.instances.upsert({ expectedRevision: (await admin.draft.get()).revision, instance: viewed });
    expect(await storedDataUser('extra')).toEqual(user);
  });

  it('with an aclfile the user is saved (ACL SAVE) and survives a restart of the server', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-aclfile-'));
    const aclfile = path.join(dir, 'users.acl');
    await writeFile(aclfile, '');
    const server = await startRedis({ args: ['--aclfile', aclfile] });
    try {
      const admin = api.as('admin');
      const instance = {
        name: 'persisted',
        region: 'gz',
        kind: 'standalone' as const,
        addresses: [{ host: '127.0.0.1', port: server.port }],
        replicas: [],
      };
      const added = await admin.instances.upsert({ expectedRevision: (await admin.draft.get()).revision, instance });
      expect(added.dataUser).toMatchObject({ provisioned: true });
      expect(added.dataUser.message).not.toMatch(/not persisted/);
      await server.kill();
      await server.restart();
      expect(await healthOf('persisted')).toMatchObject({ reachable: true, dataUser: 'ok' });
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an unreachable instance is still saved, without a user, and provisioning it says the server did not answer', async () => {
    const admin = api.as('admin');
    const instance = {
      name: 'gone',
      region: 'gz',
      kind: 'standalone' as const,
      addresses: [{ host: '127.0.0.1', port: 1 }],
      replicas: [],
    };
    const added = await admin.instances.upsert({ expectedRevision: (await admin.draft.get()).revision, instance });
    expect(added.dataUser).toMatchObject({ provisioned: false, message: expect.stringMatching(/not provisioned/) });
    expect((await admin.draft.get()).snapshot.instances.find((i) => i.name === 'gone')!.dataUser).toBeUndefined();
    await expect(
      admin.instances.provisionDataUser({ expectedRevision: (await admin.draft.get()).revision, name: 'gone' }),
    ).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
