/**
 * docs/ONBOARDING.md, run as written: against a running console (HTTP server with the
 * console's handlers, embedded Postgres) and a real proxy worker that polls it, with real
 * redis-servers behind. Only syctl changes the config; the proxy picks it up by itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_INSTANCES } from '@switchyard/core';
import { startProxy, type ProxyHandle } from '@switchyard/proxy';
import { startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_TOKEN,
  startApiServer,
  startTestApi,
  WORKER_TOKEN,
  type ApiServer,
  type TestApi,
} from '@switchyard/api/testing';
import { syctl as runBin, syctlInProcess, type Run } from './run-syctl.ts';

let api: TestApi;
let server: ApiServer;
let proxy: ProxyHandle;
let home: RedisProcess;
let others: RedisProcess;
const dir = mkdtempSync(join(tmpdir(), 'syctl-onboarding-'));
const clients: Redis[] = [];

const env = (): Record<string, string> => ({ SWITCHYARD_URL: server.url, SWITCHYARD_TOKEN: API_TOKEN });
const syctl = (args: readonly string[]): Promise<Run> => syctlInProcess(args, env(), dir);
const json = <T>(run: Run): T => {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};
const errorOf = (run: Run): { code: string; reason: string | null } =>
  (JSON.parse(run.stderr) as { error: { code: string; reason: string | null } }).error;
const client = (username: string, password: string): Redis => {
  const c = new Redis({ port: proxy.port, username, password, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => undefined);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  home = await startRedis();
  others = await startRedis();
  const ports = Object.fromEntries(
    DEMO_INSTANCES.map((i) => [i.name, i.name === 'gz-personal' ? home.port : others.port]),
  );
  api = await startTestApi({ ports });
  server = await startApiServer(api.deps);
  proxy = await startProxy({
    PROXY_PORT: 0,
    CONSOLE_URL: server.url,
    WORKER_TOKEN,
    SWITCHYARD_WORKER_NAME: 'proxy-onboard',
    SWITCHYARD_REGION: 'gz',
    LKG_PATH: join(dir, 'lkg.json'),
    HEARTBEAT_INTERVAL_MS: 100,
    SHUTDOWN_GRACE_MS: 500,
    logger: { log: () => undefined },
  });
}, 90_000);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await proxy?.close();
  await server?.close();
  await api?.stop();
  await Promise.all([home?.stop(), others?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

describe(
  'onboarding an application with arbitrary key names from the CLI (docs/ONBOARDING.md)',
  { timeout: 90_000 },
  () => {
    let secret = '';

    it('adds a caller (secret printed once) and a catch-all key type last, without hand-written revisions', async () => {
      const dry = await syctl([
        'callers',
        'add',
        'billing',
        '--commands',
        'get,set,del',
        '--key-types',
        'billing_all',
        '--reason',
        'onboard billing',
      ]);
      expect(dry.code).toBe(3);
      const added = json<{ secret: string; caller: { name: string; commands: string[] } }>(
        await syctl([
          'callers',
          'add',
          'billing',
          '--commands',
          'get,set,del',
          '--key-types',
          'billing_all',
          '--reason',
          'onboard billing',
          '--yes',
          '--json',
        ]),
      );
      expect(added.caller).toMatchObject({ name: 'billing', commands: ['GET', 'SET', 'DEL'] });
      secret = added.secret;
      expect(secret.length).toBeGreaterThanOrEqual(24);
      // The secret is never shown again.
      const listed = await syctl(['callers', 'list', '--json']);
      expect(listed.stdout).not.toContain(secret);
      expect(json<{ callers: { name: string }[] }>(listed).callers.map((c) => c.name)).toContain('billing');
      const again = await syctl(['callers', 'add', 'billing', '--reason', 'twice', '--yes', '--json']);
      expect(errorOf(again).reason).toBe('ALREADY_EXISTS');

      // Through the real binary: the shell passes the pattern verbatim.
      const kt = await runBin(
        [
          'key-types',
          'add',
          'billing_all',
          '--pattern',
          '^[\\s\\S]*$',
          '--dimension',
          'fixed:1',
          '--reason',
          'catch-all for billing',
          '--yes',
          '--json',
        ],
        dir,
        env(),
      );
      expect(json<{ keyType: { pattern: string } }>(kt).keyType.pattern).toBe('^[\\s\\S]*$');
      const order = json<{ keyTypes: { name: string }[] }>(await syctl(['key-types', 'list', '--json'])).keyTypes.map(
        (k) => k.name,
      );
      expect(order.at(-1)).toBe('billing_all');
      const badDimension = await syctl([
        'key-types',
        'add',
        'x',
        '--pattern',
        'x',
        '--dimension',
        'fixed',
        '--reason',
        'bad one',
        '--yes',
        '--json',
      ]);
      expect(badDimension.code).toBe(2);
      expect(errorOf(badDimension).code).toBe('INVALID_ARGUMENT');
    });

    it('draft diff shows the pending changes; publish refuses without --yes, then publishes what it showed', async () => {
      const diff = json<{ publishedVersion: number; changes: { path: string }[] }>(
        await syctl(['draft', 'diff', '--json']),
      );
      expect(diff.publishedVersion).toBe(1);
      expect(diff.changes.map((c) => c.path).sort()).toEqual(['callers[billing]', 'keyTypes[billing_all]']);
      const dry = await syctl(['draft', 'publish', '--reason', 'onboard billing']);
      expect(dry.code).toBe(3);
      expect(dry.stderr).toContain('keyTypes[billing_all]');
      expect(await api.db.configVersion.count()).toBe(1);
      const published = json<{ version: number }>(
        await syctl(['draft', 'publish', '--reason', 'onboard billing', '--yes', '--json']),
      );
      expect(published.version).toBe(2);
      expect(json<{ changes: unknown[] }>(await syctl(['draft', 'diff', '--json'])).changes).toEqual([]);
    });

    it('SET foo bar and GET foo work through the proxy as the new caller, landing on the named instance', async () => {
      await waitUntil(
        async () => proxy.holder.current?.version,
        (v) => v === 2,
        'the proxy applies version 2',
        30_000,
      );
      const app = client('billing', secret);
      expect(await app.set('foo', 'bar')).toBe('OK');
      expect(await app.get('foo')).toBe('bar');
      expect(await app.set('a\nkey with a newline', 'v')).toBe('OK');
      const direct = new Redis({ port: home.port });
      clients.push(direct);
      expect(await direct.get('foo')).toBe('bar');
      expect(await direct.get('a\nkey with a newline')).toBe('v');
      // The caller may touch only its own key type: a demo meeting key is refused.
      await expect(app.get('12345')).rejects.toThrow(/NOPERM|not allowed|permission/i);
    });

    it('syctl route foo --json answers from the published config and names the instance; --offline keeps the demo', async () => {
      const online = json<{ keyType: string; targets: string[]; config: { source: string; version: number } }>(
        await syctl(['route', 'foo', '--json']),
      );
      expect(online).toMatchObject({
        keyType: 'billing_all',
        targets: ['gz-personal'],
        config: { source: 'published', version: 2 },
      });
      const offline = await syctl(['route', 'foo', '--offline', '--json']);
      expect(offline.code).toBe(1);
      expect(errorOf(offline).reason).toBe('NO_KEY_TYPE');
    });

    it('moves, removes and rotates with the revision handled for the user, even after someone else edited the draft', async () => {
      // Another operator edits the draft in between: syctl's own reads keep it correct.
      await api.as('admin').callers.create({
        expectedRevision: (await api.db.draft.findUniqueOrThrow({ where: { id: 'main' } })).revision,
        caller: { name: 'other', commands: ['GET'], keyTypes: ['*'] },
      });
      const moved = json<{ order: string[] }>(
        await syctl(['key-types', 'move', 'billing_all', '--to', '1', '--reason', 'try first', '--yes', '--json']),
      );
      expect(moved.order[0]).toBe('billing_all');
      const diff = json<{ changes: { path: string }[] }>(await syctl(['draft', 'diff', '--json']));
      expect(diff.changes.map((c) => c.path)).toContain('keyTypes (match order)');
      const rotated = json<{ secret: string }>(
        await syctl(['callers', 'rotate-secret', 'billing', '--reason', 'leaked', '--yes', '--json']),
      );
      expect(rotated.secret).not.toBe(secret);
      json(await syctl(['callers', 'remove', 'other', '--reason', 'not needed', '--yes', '--json']));
      json(
        await syctl(['key-types', 'move', 'billing_all', '--to', '99', '--reason', 'back to last', '--yes', '--json']),
      );
      const instances = json<{ instances: { name: string; hasPassword: boolean }[] }>(
        await syctl(['instances', 'list', '--json']),
      );
      expect(instances.instances.map((i) => i.name)).toContain('gz-personal');
      writeFileSync(join(dir, 'pw'), 'extra-password\n');
      const addInst = json<{ revision: number; instance: Record<string, unknown> }>(
        await syctl([
          'instances',
          'add',
          'gz-extra',
          '--region',
          'gz',
          '--address',
          `127.0.0.1:${others.port}`,
          '--password-file',
          'pw',
          '--reason',
          'spare capacity',
          '--yes',
          '--json',
        ]),
      );
      expect(addInst.revision).toBeGreaterThan(0);
      expect(addInst.instance).toMatchObject({ hasPassword: true });
      expect(JSON.stringify(addInst)).not.toContain('extra-password');
      const listed = await syctl(['instances', 'list', '--json']);
      expect(listed.stdout).not.toContain('extra-password');
      expect(
        json<{ instances: { name: string; hasPassword: boolean }[] }>(listed).instances.find(
          (i) => i.name === 'gz-extra',
        )?.hasPassword,
      ).toBe(true);
      const noRegion = await syctl([
        'instances',
        'add',
        'x1',
        '--region',
        'mars',
        '--address',
        '127.0.0.1:1',
        '--reason',
        'bad region',
        '--yes',
        '--json',
      ]);
      expect(errorOf(noRegion).reason).toBe('NOT_FOUND');
      json(await syctl(['instances', 'remove', 'gz-extra', '--reason', 'not needed', '--yes', '--json']));
      const show = json<{ pendingChanges: number; problems: unknown[] }>(await syctl(['draft', 'show', '--json']));
      expect(show.problems).toEqual([]);
      // Only the rotated secret is left pending.
      expect(show.pendingChanges).toBe(1);
    });
  },
);
