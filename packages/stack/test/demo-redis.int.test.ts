/**
 * Issue 14 for the demo backends (without the console, so it runs everywhere): the managed data
 * user refuses whole-instance commands inside scripts, RESTORE is sanitized, persistence is AOF
 * with maxmemory + noeviction, and a home killed with SIGKILL comes back with its data, so its
 * mirror never resyncs from an empty home.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DATA_USER_NAME, DEMO_INSTANCES } from '@switchyard/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../src/harness/wait-until.ts';
import { stopService } from '../src/stack/processes.ts';
import {
  allocateDemoPorts,
  startDemoRedis,
  startDemoRedisInstance,
  type DemoPorts,
  type DemoRedisOptions,
} from '../src/stack/redis-topology.ts';
import { stackPaths, type StackPaths, type TProcessEntry } from '../src/stack/state.ts';

const OPTIONS: DemoRedisOptions = {
  dataUser: { username: DATA_USER_NAME, password: 'demo-data-user-password' },
  maxmemory: '64mb',
};

describe('demo redis backends (issue 14)', () => {
  let home = '';
  let paths: StackPaths;
  let ports: DemoPorts;
  let entries: TProcessEntry[] = [];
  const clients: Redis[] = [];
  const admin = (name: string): Redis => {
    const c = new Redis({ port: ports[name]!, maxRetriesPerRequest: 1 });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };
  const data = (name: string): Redis => {
    const c = new Redis({
      port: ports[name]!,
      username: OPTIONS.dataUser.username,
      password: OPTIONS.dataUser.password,
      maxRetriesPerRequest: 1,
    });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'sy-demo-redis-'));
    paths = stackPaths(home, home);
    ports = await allocateDemoPorts();
    entries = await startDemoRedis(paths, ports, OPTIONS);
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await Promise.all(entries.map((e) => stopService(e.pid, 5000)));
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('runs AOF (everysec), maxmemory with noeviction, sanitized RESTORE, a busy-script threshold and one database', async () => {
    const cfg = await admin('gz-enterprise').config('GET', '*');
    const get = (k: string): string | undefined => {
      const list = cfg as string[];
      const i = list.indexOf(k);
      return i < 0 ? undefined : list[i + 1];
    };
    expect(get('appendonly')).toBe('yes');
    expect(get('appendfsync')).toBe('everysec');
    expect(get('maxmemory')).toBe(String(64 * 1024 * 1024));
    expect(get('maxmemory-policy')).toBe('noeviction');
    expect(get('sanitize-dump-payload')).toBe('yes');
    expect(get('busy-reply-threshold')).toBe('1000');
    expect(get('databases')).toBe('1');
  });

  it('the managed data user runs data commands and scripts but no whole-instance command inside them', async () => {
    const direct = data('gz-enterprise');
    await direct.set('key:1', 'v');
    const before = await admin('gz-enterprise').dbsize();
    await expect(direct.eval("return redis.call('FLUSHALL')", 1, 'key:1')).rejects.toThrow(/can't run this command/);
    await expect(direct.eval("return redis.call('KEYS', '*')", 1, 'key:1')).rejects.toThrow(/can't run this command/);
    await expect(direct.call('REPLICAOF', 'NO', 'ONE')).rejects.toThrow(/NOPERM/);
    await expect(direct.call('CONFIG', 'SET', 'sanitize-dump-payload', 'no')).rejects.toThrow(/NOPERM/);
    expect(await admin('gz-enterprise').dbsize()).toBe(before);
    // Only the password's SHA-256 is on the command line; ACL knows the user on every instance.
    for (const i of DEMO_INSTANCES) expect(await data(i.name).ping(), i.name).toBe('PONG');
  });

  it('a home killed with SIGKILL restarts with its data, and its mirror keeps the same keys', async () => {
    const homeName = 'gz-personal';
    const mirrorName = 'gz-personal-sh';
    const writer = data(homeName);
    for (let i = 0; i < 200; i++) await writer.set(`persist:${i}`, `v${i}`);
    const mirror = admin(mirrorName);
    await waitUntil(
      () => mirror.dbsize(),
      (n) => n >= 200,
      'the mirror to copy the home',
      10_000,
    );
    const entry = entries.find((e) => e.name === `redis-${homeName}`)!;
    process.kill(entry.pid, 'SIGKILL');
    await waitUntil(
      async () =>
        writer.ping().then(
          () => 'up',
          () => 'down',
        ),
      (s) => s === 'down',
      'the home to go down',
      10_000,
    );
    const restarted = await startDemoRedisInstance(
      paths,
      ports,
      DEMO_INSTANCES.find((i) => i.name === homeName)!,
      OPTIONS,
    );
    entries = entries.map((e) => (e.name === restarted.name ? restarted : e));
    const after = admin(homeName);
    await waitUntil(
      () => after.dbsize(),
      (n) => n >= 200,
      'the restarted home to load its AOF',
      10_000,
    );
    expect(await after.get('persist:199')).toBe('v199');
    await waitUntil(
      async () => (await mirror.info('replication')).includes('master_link_status:up'),
      (up) => up,
      'the mirror to reconnect',
      20_000,
    );
    expect(await mirror.dbsize()).toBeGreaterThanOrEqual(200);
    expect(await mirror.get('persist:0')).toBe('v0');
  });
});
