/** The demo Redis topology of the foundation issue: homes, cross-region mirrors, a spare and a control. */
import { mkdirSync } from 'node:fs';
import { DEMO_INSTANCES, type DemoInstance, type TDataUser } from '@switchyard/core';
import { freePort } from '../harness/free-port.ts';
import { dataUserArgs, hardeningArgs } from '../harness/redis-security.ts';
import { startService } from './processes.ts';
import type { StackPaths, TProcessEntry, TStackFile } from './state.ts';

export type DemoPorts = Record<string, number>;

export async function allocateDemoPorts(): Promise<DemoPorts> {
  const ports: DemoPorts = {};
  const taken = new Set<number>();
  for (const instance of DEMO_INSTANCES) {
    let port = await freePort();
    while (taken.has(port)) port = await freePort();
    taken.add(port);
    ports[instance.name] = port;
  }
  return ports;
}

export const DEFAULT_MAXMEMORY = '256mb';

export interface DemoRedisOptions {
  /** The managed ACL user the proxies' data connections authenticate as (issue 14). */
  dataUser: TDataUser;
  maxmemory: string;
}

/**
 * Issue 14, as production would run: AOF (fsync every second) so a restarted home comes back
 * with its data and its mirror never resyncs from an empty home; `maxmemory` with noeviction so
 * a runaway write gets OOM errors instead of growing the host or dropping keys; sanitized
 * RESTORE, the busy-script threshold, one database, and the managed data user.
 */
export function demoRedisArgs(port: number, dir: string, o: DemoRedisOptions): string[] {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push(
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory',
    o.maxmemory,
    '--maxmemory-policy',
    'noeviction',
  );
  args.push('--protected-mode', 'no', '--repl-diskless-sync-delay', '0', '--daemonize', 'no');
  return [...args, ...hardeningArgs(), ...dataUserArgs(o.dataUser)];
}

export async function startDemoRedis(
  paths: StackPaths,
  ports: DemoPorts,
  o: DemoRedisOptions,
): Promise<TProcessEntry[]> {
  const started: TProcessEntry[] = [];
  // Homes first: mirrors replicate from them.
  const ordered = [...DEMO_INSTANCES].sort((a, b) => Number(a.role === 'mirror') - Number(b.role === 'mirror'));
  for (const instance of ordered) started.push(await startDemoRedisInstance(paths, ports, instance, o));
  return started;
}

/** One demo redis-server; also how a test restarts a killed home on its port and data. */
export async function startDemoRedisInstance(
  paths: StackPaths,
  ports: DemoPorts,
  instance: DemoInstance,
  o: DemoRedisOptions,
): Promise<TProcessEntry> {
  const port = portOf(ports, instance.name);
  const dir = paths.redisDir(instance.name);
  mkdirSync(dir, { recursive: true });
  const args = demoRedisArgs(port, dir, o);
  // A write-log mirror is written by the migrator's redo, so it must not be a replica.
  if (instance.mirrorOf && instance.sync !== 'write-log')
    args.push('--replicaof', '127.0.0.1', String(portOf(ports, instance.mirrorOf)));
  return startService({
    name: `redis-${instance.name}`,
    kind: 'redis',
    command: 'redis-server',
    args,
    cwd: dir,
    logDir: paths.logs,
    port,
    readyTimeoutMs: 10_000,
  });
}

export function demoRedisEntries(ports: DemoPorts): TStackFile['redis'] {
  return DEMO_INSTANCES.map((i) => ({
    name: i.name,
    region: i.region,
    identity: i.identity,
    role: i.role,
    port: portOf(ports, i.name),
  }));
}

function portOf(ports: DemoPorts, name: string): number {
  const port = ports[name];
  if (port === undefined) throw new Error(`no port allocated for redis instance ${name}`);
  return port;
}
