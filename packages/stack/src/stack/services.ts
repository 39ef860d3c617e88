/** Console and proxy workers of the demo stack, as detached services. */
import path from 'node:path';
import { proxyNodeFlags } from '@switchyard/core';
import { inheritedEnv } from '../env.ts';
import { freePort } from '../harness/free-port.ts';
import { simulatorCliArgs, simulatorEnv } from '../simulator/simulator-options.ts';
import { startService } from './processes.ts';
import type { StackPaths, TProcessEntry, TStackFile } from './state.ts';

const DEMO_PROXIES = [
  { name: 'proxy-gz-1', region: 'gz' },
  { name: 'proxy-sh-1', region: 'sh' },
] as const;

export async function startConsole(
  paths: StackPaths,
  env: { databaseUrl: string; port: number },
): Promise<TProcessEntry> {
  const nextBin = path.join(paths.root, 'node_modules', 'next', 'dist', 'bin', 'next');
  return startService({
    name: 'console',
    kind: 'console',
    command: process.execPath,
    args: [nextBin, 'start', '-p', String(env.port), '-H', '127.0.0.1'],
    cwd: path.join(paths.root, 'apps', 'console'),
    env: { DATABASE_URL: env.databaseUrl, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    logDir: paths.logs,
    port: env.port,
    readyTimeoutMs: 60_000,
    supervised: true,
  });
}

export async function startProxies(
  paths: StackPaths,
  env: { consoleUrl: string; workerToken: string },
): Promise<{ entries: TProcessEntry[]; proxies: TStackFile['proxies'] }> {
  const entries: TProcessEntry[] = [];
  const proxies: TStackFile['proxies'] = [];
  for (const proxy of DEMO_PROXIES) {
    const port = await freePort();
    const metricsPort = await freePort();
    entries.push(
      await startService({
        name: proxy.name,
        kind: 'proxy',
        command: process.execPath,
        // The young generation a serving worker needs (PROXY_YOUNG_GENERATION_MB, issue 20).
        args: [
          ...proxyNodeFlags(inheritedEnv()),
          '--import',
          'tsx',
          path.join(paths.root, 'apps', 'proxy', 'src', 'main.ts'),
        ],
        cwd: paths.root,
        env: {
          SWITCHYARD_WORKER_NAME: proxy.name,
          SWITCHYARD_REGION: proxy.region,
          PROXY_HOST: '127.0.0.1',
          PROXY_PORT: String(port),
          METRICS_PORT: String(metricsPort),
          CONSOLE_URL: env.consoleUrl,
          WORKER_TOKEN: env.workerToken,
          LKG_PATH: path.join(paths.lkgDir, `${proxy.name}.json`),
          // The demo's big meeting member list is ~150 KB: report it as a big key (default 1 MiB).
          BIG_KEY_REPLY_BYTES: String(64 * 1024),
        },
        logDir: paths.logs,
        port,
        readyTimeoutMs: 30_000,
        supervised: true,
      }),
    );
    proxies.push({ name: proxy.name, region: proxy.region, port, metricsPort });
  }
  return { entries, proxies };
}

/** The migrator worker (compensation, backfill, reconciliation); reads the config from Postgres. */
export async function startMigratorWorker(paths: StackPaths, env: { databaseUrl: string }): Promise<TProcessEntry> {
  return startService({
    name: 'migrator',
    kind: 'worker',
    command: process.execPath,
    args: ['--import', 'tsx', path.join(paths.root, 'apps', 'migrator', 'src', 'main.ts')],
    cwd: paths.root,
    env: { DATABASE_URL: env.databaseUrl },
    logDir: paths.logs,
    supervised: true,
  });
}

/** The demo traffic simulator (last: it needs the proxies up). No port: ready once spawned. */
export async function startSimulator(
  paths: StackPaths,
  env: { proxyPorts: readonly number[]; caller: string; secret: string },
): Promise<TProcessEntry> {
  return startService({
    name: 'simulator',
    kind: 'simulator',
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      path.join(paths.root, 'packages', 'stack', 'src', 'bin', 'simulator.ts'),
      ...simulatorCliArgs(env),
    ],
    // The secret goes in the environment, never on the command line where `ps` shows it.
    env: simulatorEnv(env.secret),
    cwd: paths.root,
    logDir: paths.logs,
  });
}
