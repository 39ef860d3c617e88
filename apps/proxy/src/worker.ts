/**
 * Assembles one worker process: config (static file, last-known-good, console long-poll),
 * backends, the RESP listener, heartbeats and the metrics endpoint.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { ZPublishedConfig } from '@switchyard/core';
import { SecretVerifier } from './auth/secret-hash.ts';
import { activate, ConfigHolder, type ActiveConfig } from './config-poller/active-config.ts';
import { ConfigPoller } from './config-poller/config-poller.ts';
import { LkgStore } from './config-poller/lkg-store.ts';
import type { TProxyEnv } from './env.ts';
import { startHeartbeat } from './reporter/heartbeat.ts';
import { jsonLogger, type Logger } from './reporter/log.ts';
import { listenMetrics } from './reporter/metrics-server.ts';
import { ProxyStats } from './reporter/stats.ts';
import type { ProxyContext } from './server/context.ts';
import { listenProxy, type ProxyServer } from './server/proxy-server.ts';
import { Upstream } from './upstream/upstream.ts';

export type ProxyOptions = Partial<TProxyEnv> & { logger?: Logger };

export interface ProxyHandle {
  readonly port: number;
  readonly metricsPort: number | null;
  readonly holder: ConfigHolder;
  readonly ctx: ProxyContext;
  readonly server: ProxyServer;
  close(): Promise<void>;
}

/** Reads a static config file: a published document, or a bare snapshot (wrapped as version 1). */
export async function loadConfigFile(file: string): Promise<ActiveConfig> {
  const text = await readFile(file, 'utf8');
  const json: unknown = JSON.parse(text);
  if (ZPublishedConfig.safeParse(json).success) return activate(json);
  return activate({ version: 1, hash: createHash('sha256').update(text).digest('hex'), publishedAt: new Date().toISOString(), snapshot: json });
}

export async function startProxy(o: ProxyOptions): Promise<ProxyHandle> {
  const name = o.SWITCHYARD_WORKER_NAME ?? 'proxy-1';
  const region = o.SWITCHYARD_REGION ?? 'gz';
  const log = o.logger ?? jsonLogger({ worker: name, pid: process.pid });
  const holder = new ConfigHolder();
  const stats = new ProxyStats();
  const upstream = new Upstream({ timeoutMs: o.BACKEND_TIMEOUT_MS ?? 5000, connectTimeoutMs: o.BACKEND_CONNECT_TIMEOUT_MS ?? 2000, connectionsPerAddress: o.BACKEND_CONNECTIONS ?? 1 });
  holder.onSwap((next) => {
    stats.configSwaps++;
    const closed = upstream.retain(next.compiled);
    if (closed.length > 0) log.log('info', 'backends_retired', { version: next.version, pools: closed.length });
  });
  const ctx: ProxyContext = {
    holder, stats, upstream, log,
    verifier: new SecretVerifier(),
    settings: {
      workerName: name,
      region,
      limits: {
        maxBulkBytes: o.PROXY_MAX_BULK_BYTES ?? 64 * 1024 * 1024,
        maxArrayLength: o.PROXY_MAX_ARRAY_LENGTH ?? 1024 * 1024,
        maxInlineBytes: o.PROXY_MAX_INLINE_BYTES ?? 64 * 1024,
        maxQueryBytes: o.PROXY_MAX_QUERY_BYTES ?? 128 * 1024 * 1024,
      },
      maxPendingPerClient: o.PROXY_MAX_PENDING_PER_CLIENT ?? 4096,
      requestTimeoutMs: o.PROXY_REQUEST_TIMEOUT_MS ?? 30_000,
    },
    onSecondaryWriteFailure(failure) {
      stats.secondaryWriteFailures++;
      log.log('warn', 'secondary_write_failed', { primary: failure.primary, secondary: failure.secondary, command: failure.command, error: failure.error });
    },
  };

  const lkg = o.CONFIG_FILE ? null : new LkgStore(o.LKG_PATH ?? path.resolve('.switchyard', 'lkg', `${name}.json`));
  const initial = o.CONFIG_FILE ? await loadConfigFile(o.CONFIG_FILE) : await lkg!.load().catch((err: unknown) => {
    log.log('error', 'lkg_unusable', { file: lkg!.file, error: err instanceof Error ? err.message : String(err) });
    return null;
  });
  if (initial !== null) {
    holder.swap(initial);
    log.log('info', 'config_loaded', { source: o.CONFIG_FILE ? 'file' : 'lkg', version: initial.version });
  }

  let poller: ConfigPoller | null = null;
  let stopHeartbeat: (() => void) | null = null;
  if (o.CONSOLE_URL && !o.CONFIG_FILE) {
    poller = new ConfigPoller({ consoleUrl: o.CONSOLE_URL, token: o.WORKER_TOKEN, holder, lkg, log });
    poller.start();
    // Without last-known-good, give the console a moment before accepting clients.
    if (initial === null) await Promise.race([poller.firstPoll, new Promise((r) => setTimeout(r, 10_000))]);
  }
  if (o.CONSOLE_URL) {
    stopHeartbeat = startHeartbeat({ consoleUrl: o.CONSOLE_URL, token: o.WORKER_TOKEN, name, region, intervalMs: o.HEARTBEAT_INTERVAL_MS ?? 5000, holder, stats, log });
  }

  const host = o.PROXY_HOST ?? '127.0.0.1';
  const server = await listenProxy(ctx, o.PROXY_PORT ?? 0, host);
  let metrics: http.Server | null = null;
  if (o.METRICS_PORT !== undefined) metrics = await listenMetrics(o.METRICS_PORT, host, stats, holder, name);
  const metricsAddress = metrics?.address();

  return {
    port: server.port,
    metricsPort: typeof metricsAddress === 'object' && metricsAddress !== null ? metricsAddress.port : null,
    holder,
    ctx,
    server,
    async close() {
      poller?.stop();
      stopHeartbeat?.();
      await server.close(o.SHUTDOWN_GRACE_MS ?? 10_000);
      metrics?.closeAllConnections();
      await new Promise<void>((resolve) => (metrics ? metrics.close(() => resolve()) : resolve()));
      upstream.close();
    },
  };
}
