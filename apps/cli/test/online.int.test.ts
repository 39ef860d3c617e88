/**
 * The online syctl commands against a real HTTP server mounting the console's own handlers
 * and router, a seeded Postgres and real redis-servers. A few runs go through the real
 * binary (a subprocess, as operators run it); the rest call the same `runCli` in-process,
 * because each subprocess pays a second of TypeScript start-up.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_TOKEN,
  startApiServer,
  startTestApi,
  VIEWER_API_TOKEN,
  WORKER_TOKEN,
  type ApiServer,
  type TestApi,
} from '@switchyard/api/testing';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { syctl as runBin, syctlInProcess, type Run } from './run-syctl.ts';

let api: TestApi;
let server: ApiServer;
const redis: RedisProcess[] = [];
const nowhere = mkdtempSync(join(tmpdir(), 'syctl-online-'));

const syctl = (args: readonly string[], env: Record<string, string> = {}, cwd = nowhere): Promise<Run> =>
  syctlInProcess(args, env, cwd);
const syctlBin = (args: readonly string[], env: Record<string, string> = {}, cwd = nowhere): Promise<Run> =>
  runBin(args, cwd, env);
const as = (token: string) => ({ SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: token });
const admin = (args: readonly string[]) => syctl(args, as(API_TOKEN));
const versionCount = () => api.db.configVersion.count();

beforeAll(async () => {
  const ports: Record<string, number> = {};
  for (const name of ['gz-personal', 'gz-enterprise']) {
    const r = await startRedis();
    redis.push(r);
    ports[name] = r.port;
    const mirror = await startRedis({ replicaOf: { host: '127.0.0.1', port: r.port } });
    redis.push(mirror);
    ports[`${name}-sh`] = mirror.port;
  }
  api = await startTestApi({ ports, options: { redisTimeoutMs: 500, resyncTimeoutMs: 5_000 } });
  server = await startApiServer(api.deps);
});

afterAll(async () => {
  rmSync(nowhere, { recursive: true, force: true });
  await server?.close();
  await Promise.all(redis.map((r) => r.stop()));
  await api?.stop();
});

describe('syctl against the console API', { timeout: 60_000 }, () => {
  it('status --json lists the published version and the workers', async () => {
    await fetch(`${server.url}/api/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WORKER_TOKEN}` },
      body: JSON.stringify({
        name: 'proxy-gz-1',
        region: 'gz',
        appliedVersion: 1,
        startedAt: new Date().toISOString(),
        uptimeSec: 5,
      }),
    });
    const r = await admin(['status', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ publishedVersion: 1, converged: true, failover: [] });
    expect(out.workers).toEqual([
      expect.objectContaining({ name: 'proxy-gz-1', region: 'gz', appliedVersion: 1, lastSeen: expect.any(String) }),
    ]);
  });

  it('finds the console through .switchyard/stack.json when no env is set', async () => {
    const root = mkdtempSync(join(nowhere, 'stack-'));
    mkdirSync(join(root, '.switchyard'));
    mkdirSync(join(root, 'sub'));
    writeFileSync(
      join(root, '.switchyard', 'stack.json'),
      JSON.stringify({ console: { url: server.url }, adminToken: API_TOKEN }),
    );
    const r = await syctlBin(['status', '--json'], {}, join(root, 'sub'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).publishedVersion).toBe(1);
  });

  it('exits non-zero with a stable code for a missing console, a bad token and a forbidden role', async () => {
    const none = await syctl(['status', '--json']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stderr).error.code).toBe('NO_CONSOLE');
    const bad = await syctlBin(['status', '--json'], as('sya_not-a-token'));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error.code).toBe('UNAUTHENTICATED');
    const viewer = await syctl(
      ['degrade', 'key', 'hot', '0.5', '--reason', 'viewer try', '--yes', '--json'],
      as(VIEWER_API_TOKEN),
    );
    expect(viewer.code).toBe(1);
    expect(JSON.parse(viewer.stderr).error.code).toBe('FORBIDDEN');
    const down = await syctl(['status'], { SWITCHYARD_URL: 'http://127.0.0.1:9', SWITCHYARD_TOKEN: API_TOKEN });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('CONSOLE_UNREACHABLE');
    expect(await versionCount()).toBe(1);
  });

  it('refuses mutations without --reason or --yes, changing nothing', async () => {
    const noReason = await admin(['degrade', 'key', 'hot', '0.5', '--yes']);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    const noYes = await syctlBin(['degrade', 'key', 'hot', '0.5', '--reason', 'hot key'], as(API_TOKEN));
    expect(noYes.code).toBe(3);
    expect(noYes.stderr).toContain('drop 50.0% of requests for key hot');
    const badRatio = await admin(['degrade', 'caller', 'demo', '1.5', '--reason', 'too much', '--yes']);
    expect(badRatio.code).toBe(2);
    expect(await versionCount()).toBe(1);
  });

  it('degrades a key and a caller, and config versions/diff/rollback show and undo it', async () => {
    const key = await admin(['degrade', 'key', 'hot', '0.5', '--reason', 'hot key', '--yes', '--json']);
    expect(key.code).toBe(0);
    expect(JSON.parse(key.stdout)).toMatchObject({ version: 2, key: 'hot', ratio: 0.5 });
    const caller = await admin([
      'degrade',
      'caller',
      'demo',
      '0.1',
      '--expires',
      '30',
      '--reason',
      'shed load',
      '--yes',
    ]);
    expect(caller.code).toBe(0);
    expect(caller.stdout).toContain('published version 3');
    const versions = JSON.parse((await admin(['config', 'versions', '--json'])).stdout);
    expect(versions.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const diff = JSON.parse((await admin(['config', 'diff', '1', '3', '--json'])).stdout);
    expect(diff.changes.map((c: { path: string }) => c.path).sort()).toEqual([
      'degradation.callers[demo]',
      'degradation.keys[hot]',
    ]);
    const rollback = await admin(['config', 'rollback', '1', '--reason', 'undo drops', '--yes', '--json']);
    expect(rollback.code).toBe(0);
    expect(JSON.parse(rollback.stdout)).toMatchObject({ version: 4, rolledBackFrom: 1 });
    const status = JSON.parse((await admin(['status', '--json'])).stdout);
    expect(status.degradation).toEqual({ callers: [], keys: [] });
  });

  it('failover preview shows what would move and changes nothing', async () => {
    const before = await versionCount();
    const text = await admin(['failover', 'preview', 'gz', 'sh']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('code 1 (personal): gz-personal → gz-personal-sh');
    const json = JSON.parse((await admin(['failover', 'preview', 'gz', 'sh', '--json'])).stdout);
    expect(json).toMatchObject({ from: 'gz', to: 'sh', allowed: true });
    expect(json.codes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 1, fromInstance: 'gz-personal', toInstance: 'gz-personal-sh' }),
      ]),
    );
    expect(await versionCount()).toBe(before);
  });

  it('fails gz over to sh and back', async () => {
    const dry = await admin(['failover', 'set', 'gz', 'sh', '--reason', 'drill']);
    expect(dry.code).toBe(3);
    expect(dry.stderr).toContain('code 1 (personal): gz-personal → gz-personal-sh');
    // A worker that applies whatever is published, like a real proxy's poller would.
    const beat = async (): Promise<void> => {
      const latest = await api.db.configVersion.findFirst({ orderBy: { version: 'desc' } });
      await fetch(`${server.url}/api/heartbeat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${WORKER_TOKEN}` },
        body: JSON.stringify({
          name: 'proxy-gz-1',
          region: 'gz',
          appliedVersion: latest?.version ?? 0,
          startedAt: new Date().toISOString(),
          uptimeSec: 5,
        }),
      });
    };
    const worker = setInterval(() => void beat(), 100);
    let set: Run;
    let clear: Run;
    let dryClear: Run;
    let during: { failover: unknown; fences: unknown; unfinishedWorkflows: unknown };
    try {
      set = await admin(['failover', 'set', 'gz', 'sh', '--reason', 'drill', '--yes', '--wait', '10', '--json']);
      during = JSON.parse((await admin(['status', '--json'])).stdout);
      dryClear = await admin(['failover', 'clear', 'gz', '--reason', 'drill over']);
      clear = await admin(['failover', 'clear', 'gz', '--reason', 'drill over', '--yes']);
    } finally {
      clearInterval(worker);
    }
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      version: 5,
      workflow: { kind: 'failover', state: 'done' },
      convergence: { converged: true, stragglers: [] },
    });
    expect(JSON.parse(set.stdout).steps.map((s: { step: string; ok: boolean }) => `${s.step}:${s.ok}`)).toEqual([
      'open-writes:true',
      'open-writes:true',
      'publish:true',
      'await-workers:true',
      'promote:true',
      'restore-read-only:true',
      'promote:true',
      'restore-read-only:true',
      'fence:true',
      'fence:true',
    ]);
    expect(during).toMatchObject({
      failover: [{ from: 'gz', to: 'sh' }],
      unfinishedWorkflows: [],
      fences: [
        { region: 'gz', home: 'gz-personal', state: 'fenced' },
        { region: 'gz', home: 'gz-enterprise', state: 'fenced' },
      ],
    });
    // Without --yes: the failback preview (resync size, lag) and no change.
    expect(dryClear.code).toBe(3);
    expect(dryClear.stderr).toMatch(
      /gz-personal \(fenced\) resyncs from gz-personal-sh: partial, \d+ bytes; lag now \d+/,
    );
    expect(clear.code).toBe(0);
    expect(clear.stdout).toContain('published version 6: gz routes home');
    expect(JSON.parse((await admin(['status', '--json'])).stdout).failover).toEqual([]);
  });

  it('status shows an unfinished workflow loudly (text and --json)', async () => {
    // A failover whose old home was unreachable: its fence step is deferred until the home answers.
    const plan = {
      overrideReason: 'gz is dark',
      steps: [{ step: 'fence', target: 'gz-personal', master: 'gz-personal-sh', critical: false }],
    };
    await api.db.workflow.create({
      data: {
        id: 'wf-test-unfenced',
        kind: 'failover',
        region: 'gz',
        target: 'sh',
        state: 'incomplete',
        actor: 'operator@test.local',
        reason: 'cli test',
        plan,
        error: 'fence gz-personal: UNFENCED',
        steps: {
          create: [
            {
              index: 0,
              step: 'fence',
              target: 'gz-personal',
              status: 'deferred',
              message: 'UNFENCED: gz-personal is unreachable',
            },
          ],
        },
      },
    });
    try {
      const text = await admin(['status']);
      expect(text.stdout).toContain('!! UNFINISHED FAILOVER gz → sh: incomplete (0/1 steps); UNFENCED: gz-personal');
      const json = JSON.parse((await admin(['status', '--json'])).stdout);
      expect(json.unfinishedWorkflows).toMatchObject([
        {
          id: 'wf-test-unfenced',
          state: 'incomplete',
          unfenced: ['gz-personal'],
          steps: [{ step: 'fence', status: 'deferred' }],
        },
      ]);
      const refused = await admin(['failover', 'set', 'gz', 'sh', '--reason', 'again', '--yes']);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('WORKFLOW_UNFINISHED');
    } finally {
      await api.db.workflow.delete({ where: { id: 'wf-test-unfenced' } });
    }
  });

  it('rules list --json shows the rules; degrade is refused by a rule, then passes with --break-glass', async () => {
    const viewer = (args: readonly string[]) => syctl(args, as(VIEWER_API_TOKEN));
    const off = JSON.parse((await viewer(['rules', 'list', '--json'])).stdout);
    const rules = { ...off.current.rules, callerDropMax: { enabled: true, maxPercent: 10 } };
    await api.as('admin').safety.set({ rules, expectedVersion: off.current.version, reason: 'cli test limit' });
    try {
      const listed = JSON.parse((await viewer(['rules', 'list', '--json'])).stdout);
      expect(listed.rules).toContainEqual(
        expect.objectContaining({ name: 'callerDropMax', enabled: true, params: { maxPercent: 10 } }),
      );
      const refused = await admin(['degrade', 'caller', 'demo', '0.5', '--reason', 'shed', '--yes']);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('callerDropMax: caller demo drops 50% (limit 10%)');
      const forced = await admin([
        'degrade',
        'caller',
        'demo',
        '0.5',
        '--reason',
        'shed',
        '--break-glass',
        'incident 7',
        '--yes',
        '--json',
      ]);
      expect(forced.code).toBe(0);
      const text = await viewer(['rules', 'list']);
      expect(text.stdout).toMatch(
        /!! BREAK-GLASS .* admin@test\.local degradation\.setCaller demo \(callerDropMax\): incident 7/,
      );
    } finally {
      await admin(['degrade', 'caller', 'demo', '0', '--reason', 'undo', '--yes']);
      const now = JSON.parse((await viewer(['rules', 'list', '--json'])).stdout);
      await api
        .as('admin')
        .safety.set({ rules: off.current.rules, expectedVersion: now.current.version, reason: 'rules off again' });
    }
  });

  it('requests: a gated drop becomes a request; the requester may not approve it, another user does (--json)', async () => {
    const { hashToken } = await import('@switchyard/db/crypto');
    const operatorToken = 'sya_test-operator-token';
    await api.db.apiToken.create({
      data: { name: 'operator-cli', tokenHash: hashToken(operatorToken), userId: api.actors.operator.userId },
    });
    const off = JSON.parse((await syctl(['rules', 'list', '--json'], as(VIEWER_API_TOKEN))).stdout);
    const approvals = { ...off.current.rules.approvals, dropAbovePercent: 20 };
    await api.as('admin').safety.set({
      rules: { ...off.current.rules, approvals },
      expectedVersion: off.current.version,
      reason: 'cli approvals',
    });
    try {
      const filed = await admin(['degrade', 'caller', 'demo', '0.5', '--reason', 'shed', '--yes']);
      expect(filed.code).not.toBe(0);
      expect(filed.stderr).toContain('APPROVAL_REQUIRED');
      const [pending] = JSON.parse((await admin(['requests', 'list', '--status', 'pending', '--json'])).stdout);
      expect(pending).toMatchObject({ action: 'drop', requester: 'admin@test.local', status: 'pending' });
      const self = await admin(['requests', 'approve', pending.id, '--reason', 'mine', '--yes']);
      expect(self.code).not.toBe(0);
      expect(self.stderr).toContain('REQUEST_SELF_APPROVAL');
      const ok = await syctl(
        ['requests', 'approve', pending.id, '--reason', 'second pair of eyes', '--yes', '--json'],
        as(operatorToken),
      );
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ id: pending.id, status: 'done', decidedBy: 'operator@test.local' });
      expect(JSON.parse((await admin(['status', '--json'])).stdout).degradation.callers).toEqual([
        expect.objectContaining({ caller: 'demo', ratio: 0.5 }),
      ]);
    } finally {
      await admin(['degrade', 'caller', 'demo', '0', '--reason', 'undo', '--yes']);
      const now = JSON.parse((await syctl(['rules', 'list', '--json'], as(VIEWER_API_TOKEN))).stdout);
      await api
        .as('admin')
        .safety.set({ rules: off.current.rules, expectedVersion: now.current.version, reason: 'approvals off again' });
    }
  });
});
