/**
 * `syctl id new` against a real proxy worker (in-process, static config) over one real
 * redis-server holding every demo instance. No console runs at all: ID generation is data
 * plane. Most runs call `runCli` in-process; one goes through the real binary.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMeetingId, DEMO_INSTANCES, DEMO_LAYOUT, demoSnapshot } from '@switchyard/core';
import { hashSecret, startProxy, type ProxyHandle } from '@switchyard/proxy';
import { freePort, startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syctl as runBin, syctlInProcess, type Run } from './run-syctl.ts';
import type { NewIdOutput } from '../src/commands/id-new.ts';

const SECRET = 'cli-secret';
const dir = mkdtempSync(join(tmpdir(), 'syctl-id-new-'));
const empty = join(dir, 'empty');
let redis: RedisProcess;
let direct: Redis;
let proxy: ProxyHandle;
let proxyAddr: string;

const syctl = (args: readonly string[], env: Record<string, string> = {}, cwd = empty): Promise<Run> =>
  syctlInProcess(args, env, cwd);

const asDemo = (): string[] => ['--proxy', proxyAddr, '--caller', 'demo', '--secret', SECRET];
const idsOf = (run: Run): NewIdOutput[] => (JSON.parse(run.stdout) as { ids: NewIdOutput[] }).ids;
const errorOf = (run: Run): { code: string; reason: string | null; message: string } =>
  (JSON.parse(run.stderr) as { error: { code: string; reason: string | null; message: string } }).error;

beforeAll(async () => {
  redis = await startRedis();
  direct = new Redis({ port: redis.port });
  const snapshot = demoSnapshot(
    { host: '127.0.0.1', ports: Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, redis.port])) },
    await hashSecret(SECRET),
  );
  snapshot.callers.push({
    name: 'reader',
    secretHash: snapshot.callers[0]!.secretHash,
    commands: ['GET'],
    keyTypes: ['*'],
  });
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(snapshot));
  mkdirSync(empty);
  proxy = await startProxy({
    PROXY_PORT: 0,
    CONFIG_FILE: configFile,
    SWITCHYARD_REGION: 'gz',
    LKG_PATH: join(dir, 'lkg.json'),
    SHUTDOWN_GRACE_MS: 500,
    logger: { log: () => undefined },
  });
  proxyAddr = `127.0.0.1:${proxy.port}`;
  // A stack.json as `npm run up` writes it, naming this proxy as the gz worker.
  mkdirSync(join(dir, 'stack', '.switchyard'), { recursive: true });
  writeFileSync(
    join(dir, 'stack', '.switchyard', 'stack.json'),
    JSON.stringify({
      console: { url: 'http://127.0.0.1:9' },
      proxies: [{ name: 'proxy-gz-1', region: 'gz', port: proxy.port, metricsPort: 0 }],
      redis: [],
      database: { url: 'postgres://nowhere' },
      demoCaller: { name: 'demo', secret: SECRET },
      adminToken: 'unused',
    }),
  );
});

afterAll(async () => {
  direct?.disconnect();
  await proxy?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('syctl id new', () => {
  it('prints the IDs as JSON, each created on the instance of its code', async () => {
    const run = await syctl([
      'id',
      'new',
      '--region',
      'gz',
      '--identity',
      'personal',
      '--count',
      '5',
      '--json',
      ...asDemo(),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ids = idsOf(run);
    expect(ids).toHaveLength(5);
    expect(new Set(ids.map((i) => i.id)).size).toBe(5);
    for (const i of ids) {
      expect(Object.keys(i).sort()).toEqual(['code', 'day', 'fellBack', 'id', 'instance', 'kind', 'rule']);
      expect(i).toMatchObject({
        code: 1,
        kind: 'normal',
        rule: 'gz;personal;*',
        fellBack: false,
        instance: 'gz-personal',
      });
      expect(decodeMeetingId(i.id, DEMO_LAYOUT)).toMatchObject({ code: 1, day: i.day });
    }
    expect(await direct.exists(...ids.map((i) => i.id))).toBe(5);
  });

  it('sends REGION, GROUPED and SET whichever worker answers', async () => {
    const run = await syctl([
      'id',
      'new',
      '--region',
      'sh',
      '--identity',
      'enterprise',
      '--grouped',
      '--set',
      'blue',
      '--json',
      ...asDemo(),
    ]);
    expect(run.code).toBe(0);
    const [id] = idsOf(run);
    expect(id).toMatchObject({ code: 6, kind: 'grouped', rule: 'sh;enterprise;*', instance: 'sh-enterprise' });
    expect(BigInt(id!.id)).toBeLessThan(1n << 49n);
  });

  it('prints a table without --json, and notes a *;*;* fallback', async () => {
    const run = await syctl(['id', 'new', '--region', 'tj', '--identity', 'personal', ...asDemo()]);
    expect(run.code).toBe(0);
    const [header, row, note] = run.stdout.trim().split('\n');
    expect(header).toMatch(/^id\s+code\s+kind\s+day\s+rule\s+instance$/);
    expect(row).toMatch(/^\d+\s+2\s+normal\s+\d+\s+\*;\*;\*\s+gz-enterprise$/);
    expect(note).toContain('the *;*;* fallback was used');
  });

  it('finds the worker of the region and the demo caller in stack.json, console down', async () => {
    const cwd = join(dir, 'stack');
    const run = await syctl(['id', 'new', '--region', 'gz', '--identity', 'enterprise', '--json'], {}, cwd);
    expect(run.code).toBe(0);
    expect(idsOf(run)[0]).toMatchObject({ code: 2, instance: 'gz-enterprise' });
    const missing = await syctl(['id', 'new', '--region', 'sh', '--identity', 'enterprise', '--json'], {}, cwd);
    expect(missing.code).toBe(1);
    expect(errorOf(missing)).toMatchObject({ code: 'NO_PROXY' });
    expect(errorOf(missing).message).toContain("no proxy worker of region 'sh'");
  });

  it('takes the worker and caller from the environment', async () => {
    const env = {
      SWITCHYARD_PROXY: proxyAddr,
      SWITCHYARD_CALLER: 'demo',
      SWITCHYARD_CALLER_SECRET: SECRET,
      SWITCHYARD_URL: 'http://127.0.0.1:9',
      SWITCHYARD_TOKEN: 'x',
    };
    const run = await syctl(['id', 'new', '--region', 'gz', '--identity', 'personal', '--count', '2', '--json'], env);
    expect(run.code).toBe(0);
    expect(idsOf(run)).toHaveLength(2);
    const noCaller = await syctl(['id', 'new', '--region', 'gz', '--identity', 'personal', '--json'], {
      SWITCHYARD_PROXY: proxyAddr,
    });
    expect(noCaller.code).toBe(1);
    expect(errorOf(noCaller).message).toContain('no caller to AUTH as');
  });

  it.each([
    [['--region', 'gz', '--identity', 'guest'], '--identity'],
    [['--region', 'G Z', '--identity', 'personal'], '--region'],
    [['--identity', 'personal'], '--region'],
    [['--region', 'gz', '--identity', 'personal', '--count', '0'], '--count'],
    [['--region', 'gz', '--identity', 'personal', '--proxy', 'nowhere'], '--proxy'],
    [['--region', 'gz', '--identity', 'personal', '--caller', 'demo'], '--caller'],
  ])('rejects %j with exit 2 (%s)', async (args, flag) => {
    const run = await syctl([
      'id',
      'new',
      ...args,
      '--json',
      ...(args.includes('--proxy') ? [] : ['--proxy', proxyAddr]),
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(errorOf(run)).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(errorOf(run).message.startsWith(`${flag}:`)).toBe(true);
  });

  it('fails with exit 1 when the proxy refuses the caller or the command', async () => {
    const wrong = await syctl([
      'id',
      'new',
      '--region',
      'gz',
      '--identity',
      'personal',
      '--json',
      '--proxy',
      proxyAddr,
      '--caller',
      'demo',
      '--secret',
      'nope',
    ]);
    expect(wrong.code).toBe(1);
    expect(errorOf(wrong)).toMatchObject({ code: 'PROXY_REFUSED', reason: 'AUTH' });
    const reader = await syctl([
      'id',
      'new',
      '--region',
      'gz',
      '--identity',
      'personal',
      '--json',
      '--proxy',
      proxyAddr,
      '--caller',
      'reader',
      '--secret',
      SECRET,
    ]);
    expect(reader.code).toBe(1);
    expect(errorOf(reader)).toMatchObject({ code: 'PROXY_REFUSED', reason: 'NOPERM' });
  });

  it('fails with exit 1 when the proxy is unreachable', async () => {
    const port = await freePort();
    const run = await syctl([
      'id',
      'new',
      '--region',
      'gz',
      '--identity',
      'personal',
      '--json',
      '--proxy',
      `127.0.0.1:${port}`,
      '--caller',
      'demo',
      '--secret',
      SECRET,
    ]);
    expect(run.code).toBe(1);
    expect(errorOf(run)).toMatchObject({ code: 'PROXY_UNREACHABLE' });
    expect(errorOf(run).message).toContain(`127.0.0.1:${port}`);
  });

  it('works through the real binary', async () => {
    const run = await runBin(
      ['id', 'new', '--region', 'gz', '--identity', 'personal', '--count', '3', '--json', ...asDemo()],
      empty,
      {},
    );
    expect(run.code).toBe(0);
    expect(idsOf(run).map((i) => i.code)).toEqual([1, 1, 1]);
  });
});
