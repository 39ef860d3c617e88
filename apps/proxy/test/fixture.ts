/**
 * Test fixture: real redis-server processes from the harness behind an in-process proxy on
 * port 0, configured with the demo snapshot. Homes get their own servers; the mirrors,
 * spare and control share one (`others`), which is enough to see failover move traffic.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_INSTANCES, demoSnapshot, type TConfigSnapshotInput, type TPublishedConfig } from '@switchyard/core';
import { startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { activate } from '../src/config-poller/active-config.ts';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { silentLogger } from '../src/telemetry/log.ts';
import { startProxy, type ProxyHandle, type ProxyOptions } from '../src/worker.ts';

export const SECRET = 'demo-secret';
/** Issue 14: every backend runs the managed ACL user, and the snapshot names it, as in the demo. */
export const DATA_USER = { username: 'switchyard-proxy', password: 'data-user-secret' } as const;
const HOMES = ['gz-personal', 'gz-enterprise', 'sh-personal', 'sh-enterprise'] as const;

export interface DemoFixture {
  proxy: ProxyHandle;
  /** A backend per home instance, plus `others` for everything else. */
  redis: Record<(typeof HOMES)[number] | 'others', RedisProcess>;
  /** Direct (proxy-free) client of a backend. */
  direct(name: keyof DemoFixture['redis']): Redis;
  /** An authenticated ioredis client of the proxy. */
  client(options?: { username?: string; password?: string }): Redis;
  snapshot: TConfigSnapshotInput;
  published(version: number, snapshot: TConfigSnapshotInput): TPublishedConfig;
  /** Publishes an edited copy of the demo snapshot to the running proxy, as the next version. */
  apply(edit: (s: TConfigSnapshotInput) => void): void;
  dir: string;
  /**
   * Another worker over the same backends and, unless `options` say otherwise, the same config
   * file (a second process or region), with an authenticated client; both stop with the fixture.
   */
  startWorker(options?: ProxyOptions): Promise<{ proxy: ProxyHandle; client: Redis }>;
  stop(): Promise<void>;
}

/** A normal (non-grouped) meeting ID carrying `code` with the demo layout (X=4, T=14). */
export function meetingId(code: number, random = 12345n): string {
  return ((1n << 60n) | (BigInt(code) << 31n) | random).toString();
}

export interface DemoOptions {
  proxy?: ProxyOptions;
  edit?: (s: TConfigSnapshotInput) => void;
  /** Extra redis-server arguments for every backend (e.g. a shorter busy-reply-threshold). */
  redisArgs?: string[];
}

export async function startDemo(options: DemoOptions = {}): Promise<DemoFixture> {
  const servers = await Promise.all(
    [...HOMES, 'others'].map(() => startRedis({ dataUser: { ...DATA_USER }, args: options.redisArgs ?? [] })),
  );
  const redis = Object.fromEntries([...HOMES, 'others'].map((n, i) => [n, servers[i]!])) as DemoFixture['redis'];
  const ports = Object.fromEntries(
    DEMO_INSTANCES.map((i) => [
      i.name,
      (HOMES as readonly string[]).includes(i.name) ? redis[i.name as (typeof HOMES)[number]].port : redis.others.port,
    ]),
  );
  const snapshot = demoSnapshot({ host: '127.0.0.1', ports, dataUser: { ...DATA_USER } }, await hashSecret(SECRET));
  options.edit?.(snapshot);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-proxy-test-'));
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(snapshot));
  const workers: ProxyHandle[] = [];
  const worker = async (o: ProxyOptions = {}): Promise<ProxyHandle> => {
    const w = await startProxy({
      PROXY_PORT: 0,
      CONFIG_FILE: configFile,
      logger: silentLogger,
      SHUTDOWN_GRACE_MS: 2000,
      ...o,
    });
    workers.push(w);
    return w;
  };
  const proxy = await worker(options.proxy);
  const clients: Redis[] = [];
  const track = (r: Redis): Redis => {
    // Failures surface on the awaited commands; the event would only add noise.
    r.on('error', () => undefined);
    clients.push(r);
    return r;
  };
  const published: DemoFixture['published'] = (version, s) => ({
    version,
    hash: `test-${version}`,
    publishedAt: new Date().toISOString(),
    snapshot: s as TPublishedConfig['snapshot'],
  });
  let version = 1;
  return {
    proxy,
    redis,
    snapshot,
    dir,
    published,
    apply(edit) {
      const next = structuredClone(snapshot);
      edit(next);
      proxy.holder.swap(activate(published(++version, next)));
    },
    direct: (name) => track(new Redis({ port: redis[name].port, lazyConnect: false })),
    client: (o = {}) => track(clientOf(proxy.port, o)),
    async startWorker(o = {}) {
      const w = await worker(o);
      return { proxy: w, client: track(clientOf(w.port)) };
    },
    async stop() {
      for (const c of clients) c.disconnect();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** An authenticated client of the worker on `port` that fails fast instead of retrying. */
function clientOf(port: number, o: { username?: string; password?: string } = {}): Redis {
  return new Redis({
    port,
    username: o.username ?? 'demo',
    password: o.password ?? SECRET,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
}

/** Starts the demo fixture before a file's tests and stops it after: `suite.demo` in the tests. */
export function demoSuite(options: DemoOptions = {}): { demo: DemoFixture } {
  const suite = {} as { demo: DemoFixture };
  beforeAll(async () => {
    suite.demo = await startDemo(options);
  }, 60_000);
  afterAll(async () => {
    await suite.demo?.stop();
  });
  return suite;
}

/**
 * A request's error text, or `ok` when it succeeded. Settled into a value at once: a rejection
 * that arrives before the assertion is attached is then not an unhandled one.
 */
export function errorText(request: Promise<unknown>, ok = 'no error'): Promise<string> {
  return request.then(
    () => ok,
    (e: Error) => e.message,
  );
}

/** Waits until one of the worker's counters reads `want` (kills, blocked clients ...). */
export function counterReaches(read: () => number, want: number, what: string): Promise<number> {
  return waitUntil(
    async () => read(),
    (n) => n === want,
    what,
    5000,
    10,
  );
}
