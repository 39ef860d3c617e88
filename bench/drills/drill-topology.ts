/** Topology pieces shared by the drills that need the console: proxy processes and /healthz polls. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { TConfigSnapshotInput } from '@switchyard/core';
import { freePort } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { benchSnapshot } from '../lib/proxy-process.ts';
import { ROOT, sleep } from './drill-lib.ts';

export const SECRET = 'drill-secret';

export interface ProxyProcess {
  name: string;
  port: number;
  metricsPort: number;
  child: ChildProcess;
  pid(): number | undefined;
  stop(): Promise<void>;
}

export async function healthVersion(metricsPort: number): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${metricsPort}/healthz`, { signal: AbortSignal.timeout(1000) });
    const body = (await res.json()) as { configVersion?: number };
    return body.configVersion ?? 0;
  } catch {
    return 0;
  }
}

/** Polls every port's /healthz until each reports at least `version`; ms taken, or null on timeout. */
export async function waitVersion(
  metricsPorts: readonly number[],
  version: number,
  timeoutMs: number,
): Promise<number | null> {
  const started = performance.now();
  const pending = new Set(metricsPorts);
  while (pending.size > 0) {
    if (performance.now() - started > timeoutMs) return null;
    await Promise.all(
      [...pending].map(async (p) => ((await healthVersion(p)) >= version ? pending.delete(p) : undefined)),
    );
    if (pending.size > 0) await sleep(2);
  }
  return performance.now() - started;
}

/** One `apps/proxy/src/main.ts` process polling the console; resolves once it listens. */
export async function spawnProxy(o: {
  name: string;
  port: number;
  metricsPort: number;
  consoleUrl: string;
  workerToken: string;
  lkgPath: string;
  region?: string;
  extraEnv?: Record<string, string>;
}): Promise<ProxyProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/proxy/src/main.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'ignore'],
    env: {
      ...process.env,
      SWITCHYARD_WORKER_NAME: o.name,
      SWITCHYARD_REGION: o.region ?? 'gz',
      PROXY_PORT: String(o.port),
      METRICS_PORT: String(o.metricsPort),
      CONSOLE_URL: o.consoleUrl,
      WORKER_TOKEN: o.workerToken,
      LKG_PATH: o.lkgPath,
      SHUTDOWN_GRACE_MS: '1000',
      ...o.extraEnv,
    },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${o.name} not ready in 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${o.name} exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"event":"ready"')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    name: o.name,
    port: o.port,
    metricsPort: o.metricsPort,
    child,
    pid: () => child.pid,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function proxyClient(port: number, password = SECRET): Redis {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    username: 'demo',
    password,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    lazyConnect: false,
  });
  client.on('error', () => undefined);
  return client;
}

/** Issues a fresh secret for the demo caller and publishes it (the test seed's hash has no known secret). */
export async function publishDemoSecret(
  operator: {
    callers: {
      rotateSecret(i: { expectedRevision: number; name: string }): Promise<{ revision: number; secret: string }>;
    };
    draft: { publish(i: { expectedRevision: number; reason: string }): Promise<{ version: number }> };
  },
  draftRevision: number,
): Promise<{ secret: string; version: number }> {
  const rotated = await operator.callers.rotateSecret({ expectedRevision: draftRevision, name: 'demo' });
  const published = await operator.draft.publish({
    expectedRevision: rotated.revision,
    reason: 'drill: known demo secret',
  });
  return { secret: rotated.secret, version: published.version };
}

export function connectTcp(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

export interface StaticProxy {
  port: number;
  /** null while the process runs; how it ended otherwise. */
  exited(): string | null;
  /** Current RSS and its high-water mark (VmHWM) from /proc. */
  memory(): Promise<{ rssKb: number; hwmKb: number }>;
  stop(): Promise<void>;
}

interface StaticProxyOptions {
  dir: string;
  name: string;
  redisPort: number;
  /** From freePort(), which is racy: if another process takes it first, a new port is used (`StaticProxy.port`). */
  port: number;
  env?: Record<string, string>;
  edit?: (s: TConfigSnapshotInput) => void;
}

/** Start attempts when the port was taken between freePort() and the proxy's bind. */
const PORT_ATTEMPTS = 3;

/** A proxy process on a static config file (demo snapshot, every instance on one redis); stderr goes to `<dir>/<name>.log`. */
export async function startStaticProxy(o: StaticProxyOptions): Promise<StaticProxy> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStaticProxyOnce(o);
    } catch (err) {
      const log = await readFile(path.join(o.dir, `${o.name}.log`), 'utf8').catch(() => '');
      if (attempt === PORT_ATTEMPTS || !log.includes('EADDRINUSE')) {
        // The log lives in the drill's temp dir, which is removed: the error carries its end.
        const message = err instanceof Error ? err.message : String(err);
        throw new Error(`${message}; its stderr ended with: ${log.slice(-2000) || '(nothing)'}`, { cause: err });
      }
      o = { ...o, port: await freePort() };
    }
  }
}

async function startStaticProxyOnce(o: StaticProxyOptions): Promise<StaticProxy> {
  const configFile = path.join(o.dir, `${o.name}.json`);
  const snapshot = await benchSnapshot(o.redisPort, SECRET);
  o.edit?.(snapshot);
  await writeFile(configFile, JSON.stringify(snapshot));
  const log = openSync(path.join(o.dir, `${o.name}.log`), 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/proxy/src/main.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', log],
    env: {
      ...process.env,
      PROXY_PORT: String(o.port),
      CONFIG_FILE: configFile,
      SWITCHYARD_WORKER_NAME: o.name,
      ...o.env,
    },
  });
  closeSync(log);
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exit ${code} ${signal ?? ''}`));
  const stop = (): Promise<void> => stopChild(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`proxy ${o.name} not ready in 30 s`)), 30_000);
    child.once('exit', () => reject(new Error(`proxy ${o.name} exited before ready`)));
    child.stdout!.on('data', (c: Buffer) =>
      c.toString().includes('"event":"ready"') ? (clearTimeout(timer), resolve()) : undefined,
    );
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  const memory = async (): Promise<{ rssKb: number; hwmKb: number }> => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const field = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  };
  return { port: o.port, exited: () => exited, memory, stop };
}

/** SIGTERM, then SIGKILL if the process has not exited 10 s later. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
