/**
 * Entry point: `node --import tsx apps/proxy/src/main.ts`. With PROXY_PROCESSES > 1 the
 * primary forks that many workers sharing the listening port (node:cluster). The ready line
 * `{"event":"ready",...}` goes to stdout once every worker listens; logs go to stderr.
 */
import cluster from 'node:cluster';
import { readEnv } from './env.ts';
import { jsonLogger } from './reporter/log.ts';
import { startProxy } from './worker.ts';

const env = readEnv();
const log = jsonLogger({ worker: env.SWITCHYARD_WORKER_NAME, pid: process.pid });

function ready(port: number, metricsPort: number | null): void {
  process.stdout.write(JSON.stringify({ event: 'ready', port, metricsPort, worker: env.SWITCHYARD_WORKER_NAME, region: env.SWITCHYARD_REGION, processes: env.PROXY_PROCESSES, pid: process.pid }) + '\n');
}

async function runWorker(isClusterWorker: boolean): Promise<void> {
  const handle = await startProxy({ ...env, logger: log });
  if (isClusterWorker) process.send?.({ type: 'listening', port: handle.port, metricsPort: handle.metricsPort });
  else ready(handle.port, handle.metricsPort);
  log.log('info', 'listening', { port: handle.port, metricsPort: handle.metricsPort, configVersion: handle.holder.current?.version ?? null });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.log('info', 'shutdown', { signal });
    handle.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The primary disconnects its workers on shutdown.
  process.on('disconnect', () => stop('disconnect'));
}

function runPrimary(): void {
  let listening = 0;
  let stopping = false;
  for (let i = 0; i < env.PROXY_PROCESSES; i++) cluster.fork();
  cluster.on('message', (_worker, message: { type?: string; port?: number; metricsPort?: number | null }) => {
    if (message.type === 'listening' && ++listening === env.PROXY_PROCESSES) ready(message.port ?? 0, message.metricsPort ?? null);
  });
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    log.log('error', 'worker_exited', { workerPid: worker.process.pid, code });
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.log('info', 'shutdown', { signal });
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const exitWhenDone = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    }, 50);
    exitWhenDone.unref();
    setTimeout(() => process.exit(1), env.SHUTDOWN_GRACE_MS + 2000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

const main = async (): Promise<void> => {
  if (env.PROXY_PROCESSES > 1 && cluster.isPrimary) runPrimary();
  else await runWorker(cluster.isWorker);
};

main().catch((err: unknown) => {
  log.log('error', 'fatal', { error: err instanceof Error ? err.stack ?? err.message : String(err) });
  process.exit(1);
});
