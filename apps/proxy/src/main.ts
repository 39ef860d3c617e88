/**
 * Entry point: `node --import tsx apps/proxy/src/main.ts`. With PROXY_PROCESSES > 1 the
 * primary runs the control plane (config, LKG, heartbeats, metrics) and forks that many data
 * plane workers sharing the RESP port (node:cluster); each config version reaches them over
 * IPC. The ready line `{"event":"ready",...}` goes to stdout once every worker listens.
 */
import cluster, { type Worker } from 'node:cluster';
import type { TPublishedConfig } from '@switchyard/core';
import { activate, ConfigHolder } from './config-poller/active-config.ts';
import { startControlPlane } from './control-plane.ts';
import { readEnv } from './env.ts';
import { withYoungGeneration, youngGenerationMb, youngGenerationShortfall } from './runtime-flags.ts';
import { jsonLogger } from './telemetry/log.ts';
import { AggregateStats, ProxyStats } from './telemetry/stats.ts';
import type { TelemetrySnapshot } from './telemetry/telemetry.ts';
import { startDataPlane, startProxy } from './worker.ts';

type Message =
  | { type: 'hello' }
  | { type: 'config'; published: TPublishedConfig | null }
  | { type: 'listening'; port: number; youngGenerationMb: number }
  | { type: 'stats'; summary: Record<string, number>; telemetry?: TelemetrySnapshot };

const env = readEnv();
const log = jsonLogger({
  worker: env.SWITCHYARD_WORKER_NAME,
  pid: process.pid,
  role: cluster.isPrimary ? 'primary' : 'worker',
});

function ready(port: number, metricsPort: number | null): void {
  const line = {
    event: 'ready',
    port,
    metricsPort,
    worker: env.SWITCHYARD_WORKER_NAME,
    region: env.SWITCHYARD_REGION,
    processes: env.PROXY_PROCESSES,
    pid: process.pid,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
}

/**
 * The ready line once listening AND configured. Without a usable config (unreadable
 * last-known-good, no console) the worker can only answer LOADING, so it says "no config"
 * instead, and /healthz answers 503, until a config arrives (issue 14 finding 8).
 */
function readyWhenConfigured(holder: ConfigHolder, port: number, metricsPort: number | null): void {
  if (holder.current !== null) return ready(port, metricsPort);
  log.log('error', 'no_config', { port, lkg: env.LKG_PATH, console: env.CONSOLE_URL ?? null });
  process.stdout.write(
    JSON.stringify({
      event: 'not_ready',
      reason: 'no config',
      port,
      metricsPort,
      worker: env.SWITCHYARD_WORKER_NAME,
      pid: process.pid,
    }) + '\n',
  );
  let announced = false;
  holder.onSwap(() => {
    if (!announced) ready(port, metricsPort);
    announced = true;
  });
}

/** Restart delay for a crashed worker: doubles per crash in the last minute, 100 ms to 10 s. */
function restartDelay(recentCrashes: number[], now: number): number {
  while (recentCrashes.length > 0 && now - recentCrashes[0]! > 60_000) recentCrashes.shift();
  recentCrashes.push(now);
  return Math.min(10_000, 100 * 2 ** (recentCrashes.length - 1));
}

/**
 * SIGTERM, SIGINT or a call of the returned stop shut the process down once: the shutdown is
 * logged, then `shutdown` runs (later signals are ignored while it drains).
 */
function stopOnSignals(shutdown: () => void): (signal: string) => void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.log('info', 'shutdown', { signal });
    shutdown();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  return stop;
}

/** Exits once `closing` settles: 0 when it closed cleanly, else 1. */
function exitWhen(closing: Promise<void>): void {
  closing.then(
    () => process.exit(0),
    () => process.exit(1),
  );
}

async function runSingle(): Promise<void> {
  const handle = await startProxy({ ...env, logger: log });
  // Before the ready line: a supervisor may send SIGTERM as soon as it reads it.
  stopOnSignals(() => exitWhen(handle.close()));
  readyWhenConfigured(handle.holder, handle.port, handle.metricsPort);
  log.log('info', 'listening', {
    port: handle.port,
    metricsPort: handle.metricsPort,
    configVersion: handle.holder.current?.version ?? null,
    youngGenerationMb: youngGenerationMb(),
  });
  warnYoungGeneration();
}

/** A serving process started without its young generation (runtime-flags.ts) says so once. */
function warnYoungGeneration(): void {
  const shortfall = youngGenerationShortfall(env.PROXY_YOUNG_GENERATION_MB);
  if (shortfall !== null) log.log('warn', 'young_generation_not_applied', shortfall);
}

async function runClusterWorker(): Promise<void> {
  const holder = new ConfigHolder();
  const stats = new ProxyStats();
  let first: () => void = () => undefined;
  const firstConfig = new Promise<void>((resolve) => (first = resolve));
  process.on('message', (message: Message) => {
    if (message.type !== 'config') return;
    first();
    if (message.published === null) return;
    try {
      holder.swap(activate(message.published));
    } catch (err) {
      log.log('error', 'config_rejected', {
        version: message.published.version,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  });
  // Ask only once the handler is in place, so the answer cannot be missed.
  process.send?.({ type: 'hello' } satisfies Message);
  await Promise.race([firstConfig, new Promise((r) => setTimeout(r, 10_000))]);
  const data = await startDataPlane(env, holder, stats, log);
  process.send?.({ type: 'listening', port: data.port, youngGenerationMb: youngGenerationMb() } satisfies Message);
  warnYoungGeneration();
  const timer = setInterval(
    () =>
      process.send?.({
        type: 'stats',
        summary: stats.summary(),
        telemetry: stats.telemetry() ?? undefined,
      } satisfies Message),
    1000,
  );
  timer.unref();
  const stop = stopOnSignals(() => exitWhen(data.close()));
  // The primary is gone: drain and exit rather than serve without a control plane.
  process.on('disconnect', () => stop('disconnect'));
}

async function runPrimary(): Promise<void> {
  const holder = new ConfigHolder();
  const stats = new AggregateStats();
  const control = await startControlPlane(env, holder, stats, log);
  const send = (worker: Worker): void => {
    if (worker.isConnected())
      worker.send({ type: 'config', published: holder.current?.published ?? null } satisfies Message);
  };
  holder.onSwap(() => {
    for (const worker of Object.values(cluster.workers ?? {})) if (worker) send(worker);
  });
  let listening = 0;
  let stopping = false;
  cluster.on('message', (worker, message: Message) => {
    if (message.type === 'hello') send(worker);
    if (message.type === 'stats') stats.update(worker.id, message.summary, message.telemetry);
    if (message.type === 'listening' && ++listening === env.PROXY_PROCESSES) {
      readyWhenConfigured(holder, message.port, control.metricsPort);
      log.log('info', 'listening', {
        port: message.port,
        metricsPort: control.metricsPort,
        processes: env.PROXY_PROCESSES,
        configVersion: holder.current?.version ?? null,
        workerYoungGenerationMb: message.youngGenerationMb,
      });
    }
  });
  // A crashed worker is replaced, with backoff so a worker that dies at start cannot spin.
  const crashes: number[] = [];
  cluster.on('exit', (worker, code, signal) => {
    stats.forget(worker.id);
    if (stopping) return;
    const delayMs = restartDelay(crashes, Date.now());
    stats.workerRestarts++;
    log.log('error', 'worker_exited', {
      workerPid: worker.process.pid,
      code,
      signal,
      restartInMs: delayMs,
      restarts: stats.workerRestarts,
    });
    setTimeout(() => (stopping ? undefined : cluster.fork()), delayMs);
  });
  // Workers serve the traffic: they get the configured young generation whatever the primary's.
  cluster.setupPrimary({ execArgv: withYoungGeneration(process.execArgv, env.PROXY_YOUNG_GENERATION_MB) });
  for (let i = 0; i < env.PROXY_PROCESSES; i++) cluster.fork();
  stopOnSignals(() => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const done = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      clearInterval(done);
      exitWhen(control.close());
    }, 50);
    setTimeout(() => process.exit(1), env.SHUTDOWN_GRACE_MS + 2000).unref();
  });
}

const main = (): Promise<void> => {
  if (env.PROXY_PROCESSES <= 1) return runSingle();
  return cluster.isPrimary ? runPrimary() : runClusterWorker();
};

main().catch((err: unknown) => {
  log.log('error', 'fatal', { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
