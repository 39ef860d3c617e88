/** A proxy worker process on a static config file, as the benchmarks run it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO_INSTANCES, demoSnapshot, proxyNodeFlags, type TConfigSnapshotInput } from '@switchyard/core';
import { hashSecret } from '@switchyard/proxy';
import { freePort } from '@switchyard/stack/harness';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const PROXY_MAIN = path.join(ROOT, 'apps/proxy/src/main.ts');

/** The demo snapshot with every instance on one redis-server, and the demo caller's secret. */
export async function benchSnapshot(redisPort: number, secret: string): Promise<TConfigSnapshotInput> {
  const ports = Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, redisPort]));
  return demoSnapshot({ host: '127.0.0.1', ports }, await hashSecret(secret));
}

export interface ProxyProcessOptions {
  dir: string;
  name: string;
  snapshot: TConfigSnapshotInput;
  env?: NodeJS.ProcessEnv;
  nodeArgs?: readonly string[];
  /** Another checkout's main.ts, for before/after runs. */
  main?: string;
}

/** Writes the snapshot, starts the proxy on a free port and resolves on its ready line. */
export async function startProxyProcess(o: ProxyProcessOptions): Promise<{ port: number; child: ChildProcess }> {
  const configFile = path.join(o.dir, `${o.name}.json`);
  await writeFile(configFile, JSON.stringify(o.snapshot));
  const port = await freePort();
  // As deployed: the stack's young generation first (PROXY_YOUNG_GENERATION_MB), then the bench's own flags.
  const args = [...proxyNodeFlags(process.env), ...(o.nodeArgs ?? []), '--import', 'tsx', o.main ?? PROXY_MAIN];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PROXY_PORT: String(port),
      CONFIG_FILE: configFile,
      SWITCHYARD_WORKER_NAME: o.name,
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`proxy ${o.name} exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"event":"ready"')) resolve();
    });
  });
  return { port, child };
}

export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * A bench/lib script (`script`, relative to the repo) on a free port, its first argument, with
 * `args` after it; resolves once it prints its first line (its ready line).
 */
export async function startBenchScript(
  script: string,
  args: readonly string[] = [],
): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, script), String(port), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', () => resolve());
  });
  return { port, child };
}
