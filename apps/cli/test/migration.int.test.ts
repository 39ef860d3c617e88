/**
 * `syctl migration …` and `syctl recon report` against a real HTTP server mounting the
 * console's handlers (embedded database, real redis-servers for the pair and the control
 * instance). In-process `runCli`, like the other online command tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_TOKEN,
  startApiServer,
  startTestApi,
  VIEWER_API_TOKEN,
  type ApiServer,
  type TestApi,
} from '@switchyard/api/testing';
import { observeKey } from '../../../packages/migration/src/index.ts';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { syctlInProcess, type Run } from './run-syctl.ts';

let api: TestApi;
let server: ApiServer;
const redis: RedisProcess[] = [];
const nowhere = mkdtempSync(join(tmpdir(), 'syctl-migration-'));
const syctl = (args: readonly string[], token = API_TOKEN): Promise<Run> =>
  syctlInProcess(args, { SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: token }, nowhere);
const errorOf = (run: Run): { code: string; reason: string | null } =>
  (JSON.parse(run.stderr) as { error: { code: string; reason: string | null } }).error;

beforeAll(async () => {
  for (let i = 0; i < 3; i++) redis.push(await startRedis());
  api = await startTestApi({
    ports: { 'gz-personal': redis[0]!.port, spare: redis[1]!.port, control: redis[2]!.port },
  });
  server = await startApiServer(api.deps);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await api?.stop();
  await Promise.all(redis.map((r) => r.stop()));
});

describe('syctl migration', () => {
  it("creates with the issue's exact command form and prints {id, …} with --json; a bad scope creates nothing", async () => {
    const args = [
      'migration',
      'create',
      '--code',
      '1',
      '--from',
      'gz-personal',
      '--to',
      'spare',
      '--name',
      'half of code 1',
    ];
    const bad = await syctl([...args, '--scope', 'mid/4=2', '--json']);
    expect(bad.code).not.toBe(0);
    expect(await api.db.migration.count()).toBe(0);
    const run = await syctl([...args, '--scope', 'mid%4==2', '--json']);
    expect(run.code).toBe(0);
    const created = JSON.parse(run.stdout) as { id: string; phase: string; scope: unknown; version: number };
    expect(created).toMatchObject({ phase: 'DUAL_WRITE', scope: { modulo: 4, remainder: 2 } });
    expect(created.id).toMatch(/^mig-1-/);
    expect(await api.db.migration.count()).toBe(1);
    // The default reason reaches the audit log.
    expect(await api.db.auditEntry.count({ where: { reason: 'syctl migration create half of code 1' } })).toBe(1);
  });

  it('previews a creation: scope, keys in scope on the source, backfill time', async () => {
    const run = await syctl([
      'migration',
      'preview',
      '--code',
      '1',
      '--from',
      'gz-personal',
      '--to',
      'spare',
      '--scope',
      'mid%4==2',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      sharePercent: 25,
      keys: { exact: true },
      backfillSeconds: expect.any(Number),
    });
  });

  it('refuses a second migration with the same name, naming the first (issue 16 #7)', async () => {
    const again = await syctl([
      'migration',
      'create',
      '--code',
      '1',
      '--from',
      'gz-personal',
      '--to',
      'spare',
      '--name',
      'half of code 1',
      '--scope',
      'mid%4==1',
      '--json',
    ]);
    expect(again.code).toBe(1);
    expect(errorOf(again).reason).toBe('ALREADY_EXISTS');
    expect(JSON.parse(again.stderr).error.message).toMatch(/a migration named 'half of code 1' already exists/);
    expect(await api.db.migration.count()).toBe(1);
  });

  it('advances, refuses what the guard rails forbid with a stable code, reports status and runs, rolls back', async () => {
    const [m] = await api.db.migration.findMany();
    const id = m!.id;
    expect(
      (await syctl(['migration', 'advance', id, '--to', 'BACKFILL', '--reason', 'copy keys', '--yes', '--json'])).code,
    ).toBe(0);
    expect(
      (await syctl(['migration', 'advance', id, '--to', 'RECONCILE', '--reason', 'compare', '--yes', '--json'])).code,
    ).toBe(0);
    // Without --yes: the step's preview (shares, gate, what it needs), nothing changes.
    const dry = await syctl([
      'migration',
      'advance',
      id,
      '--to',
      'GRAY_READ',
      '--percent',
      '10',
      '--reason',
      'read some',
    ]);
    expect(dry.code).toBe(3);
    expect(dry.stderr + dry.stdout).toContain('after: GRAY_READ: reads new 10%');
    expect(dry.stderr + dry.stdout).toContain('refused: RECON_MISSING');
    expect(dry.stderr + dry.stdout).toContain('--override');
    const refused = await syctl([
      'migration',
      'advance',
      id,
      '--to',
      'GRAY_READ',
      '--percent',
      '10',
      '--reason',
      'read some',
      '--yes',
      '--json',
    ]);
    expect(refused.code).not.toBe(0);
    expect(errorOf(refused).reason).toBe('MIGRATION_REFUSED');
    const overridden = await syctl([
      'migration',
      'advance',
      id,
      '--to',
      'GRAY_READ',
      '--percent',
      '10',
      '--override',
      'no traffic yet',
      '--reason',
      'read some',
      '--yes',
      '--json',
    ]);
    expect(JSON.parse(overridden.stdout)).toMatchObject({ id, phase: 'GRAY_READ', percent: 10 });

    const status = JSON.parse((await syctl(['migration', 'status', id, '--json'], VIEWER_API_TOKEN)).stdout) as Record<
      string,
      unknown
    >;
    expect(status).toMatchObject({
      id,
      phase: 'GRAY_READ',
      percent: 10,
      backfill: { scanned: 0, copied: 0, done: false },
      compensation: { reachable: true, queued: 0, dead: 0 },
    });
    expect(JSON.parse((await syctl(['recon', 'report', id, '--json'], VIEWER_API_TOKEN)).stdout)).toEqual([]);

    const viewer = await syctl(
      ['migration', 'rollback', id, '--to', 'ABORTED', '--reason', 'stop it', '--yes', '--json'],
      VIEWER_API_TOKEN,
    );
    expect(viewer.code).not.toBe(0);
    const unconfirmed = await syctl([
      'migration',
      'rollback',
      id,
      '--to',
      'ABORTED',
      '--reason',
      'stop it',
      '--yes',
      '--json',
    ]);
    expect(errorOf(unconfirmed).reason).toBe('MIGRATION_REFUSED');
    const aborted = await syctl([
      'migration',
      'rollback',
      id,
      '--to',
      'ABORTED',
      '--confirm',
      'half of code 1',
      '--reason',
      'stop it',
      '--yes',
      '--json',
    ]);
    expect(JSON.parse(aborted.stdout)).toMatchObject({ id, phase: 'ABORTED', percent: 0 });
    const list = JSON.parse((await syctl(['migration', 'list', '--json'])).stdout) as { id: string; phase: string }[];
    expect(list).toEqual([expect.objectContaining({ id, phase: 'ABORTED' })]);
  });
});

describe('syctl recon', () => {
  it('lists a differing key with both sides and repairs it in the chosen direction, only with --yes, audited', async () => {
    const created = JSON.parse(
      (
        await syctl([
          'migration',
          'create',
          '--code',
          '1',
          '--from',
          'gz-personal',
          '--to',
          'spare',
          '--name',
          'repair test',
          '--json',
        ])
      ).stdout,
    ) as { id: string };
    const id = created.id;
    const key = `stable_${'597311839272962'}`;
    const old = new Redis({ port: redis[0]!.port });
    const neu = new Redis({ port: redis[1]!.port });
    try {
      await old.set(key, 'truth');
      await neu.set(key, 'planted');
      // What the migrator stores for an unresolved key (apps/migrator saveReconRun), digests included.
      const seen = await observeKey({ old, new: neu }, Buffer.from(key));
      await api.db.reconDifference.create({
        data: {
          migrationId: id,
          runId: 'r1',
          direction: 'forward',
          key,
          keyType: 'stable',
          why: 'CONFLICT',
          detail: 'test',
          oldType: 'string',
          oldTtlMs: -1n,
          oldValue: 'truth',
          oldDigest: seen.old,
          newType: 'string',
          newTtlMs: -1n,
          newValue: 'planted',
          newDigest: seen.new,
        },
      });
      const listed = await syctl(['recon', 'differences', id], VIEWER_API_TOKEN);
      expect(listed.stdout).toContain(`${key} (stable, forward): CONFLICT`);
      expect(listed.stdout).toContain('new: string, no ttl, planted');

      const both = await syctl([
        'recon',
        'repair',
        id,
        '--key',
        key,
        '--all',
        '--direction',
        'old-to-new',
        '--reason',
        'planted',
        '--yes',
      ]);
      expect(both.code).not.toBe(0);
      const dry = await syctl([
        'recon',
        'repair',
        id,
        '--key',
        key,
        '--direction',
        'old-to-new',
        '--reason',
        'planted value',
      ]);
      expect(dry.code).toBe(3);
      expect(await neu.get(key)).toBe('planted');
      const viewer = await syctl(
        ['recon', 'repair', id, '--key', key, '--direction', 'old-to-new', '--reason', 'planted value', '--yes'],
        VIEWER_API_TOKEN,
      );
      expect(viewer.code).not.toBe(0);
      const run = await syctl([
        'recon',
        'repair',
        id,
        '--key',
        key,
        '--direction',
        'old-to-new',
        '--reason',
        'planted value',
        '--yes',
        '--json',
      ]);
      expect(JSON.parse(run.stdout)).toMatchObject({ repaired: 1, failed: 0, results: [{ key, outcome: 'repaired' }] });
      expect(await neu.get(key)).toBe('truth');
      expect(await old.get(key)).toBe('truth');
      expect(await api.db.reconDifference.count({ where: { migrationId: id } })).toBe(0);
      expect(
        await api.db.auditEntry.count({ where: { action: 'recon.repair', outcome: 'ok', reason: 'planted value' } }),
      ).toBe(1);
      const gone = await syctl([
        'recon',
        'repair',
        id,
        '--all',
        '--direction',
        'old-to-new',
        '--reason',
        'again',
        '--yes',
        '--json',
      ]);
      expect(errorOf(gone).reason).toBe('RECON_NO_DIFFERENCE');
    } finally {
      old.disconnect();
      neu.disconnect();
    }
  });
});
