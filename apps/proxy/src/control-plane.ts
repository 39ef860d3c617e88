/**
 * The worker's control side: where the config comes from (static file, last-known-good, the
 * console's long poll), heartbeats, and the metrics endpoint. With several processes only the
 * primary runs it, so the console sees one worker with one applied version.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { ZPublishedConfig } from '@switchyard/core';
import { activate, type ActiveConfig, type ConfigHolder } from './config-poller/active-config.ts';
import { ConfigPoller } from './config-poller/config-poller.ts';
import { LkgStore } from './config-poller/lkg-store.ts';
import type { ProxyEnv } from './env.ts';
import { startHeartbeat } from './telemetry/heartbeat.ts';
import type { Logger } from './telemetry/log.ts';
import { listenMetrics } from './telemetry/metrics-server.ts';
import type { StatsSource } from './telemetry/stats.ts';

export interface ControlPlane {
  readonly metricsPort: number | null;
  close(): Promise<void>;
}

/** Reads a static config file: a published document, or a bare snapshot (wrapped as version 1). */
export async function loadConfigFile(file: string): Promise<ActiveConfig> {
  const text = await readFile(file, 'utf8');
  const json: unknown = JSON.parse(text);
  if (ZPublishedConfig.safeParse(json).success) return activate(json);
  return activate({
    version: 1,
    hash: createHash('sha256').update(text).digest('hex'),
    publishedAt: new Date().toISOString(),
    snapshot: json,
  });
}

export async function startControlPlane(
  o: ProxyEnv,
  holder: ConfigHolder,
  stats: StatsSource,
  log: Logger,
): Promise<ControlPlane> {
  const name = o.SWITCHYARD_WORKER_NAME;
  const lkg = o.CONFIG_FILE ? null : new LkgStore(o.LKG_PATH);
  const initial = o.CONFIG_FILE
    ? await loadConfigFile(o.CONFIG_FILE)
    : await lkg!.load().catch((err: unknown) => {
        log.log('error', 'lkg_unusable', { file: lkg!.file, error: err instanceof Error ? err.message : String(err) });
        return null;
      });
  if (initial !== null) {
    holder.swap(initial);
    log.log('info', 'config_loaded', { source: o.CONFIG_FILE ? 'file' : 'lkg', version: initial.version });
  }
  let poller: ConfigPoller | null = null;
  if (o.CONSOLE_URL && !o.CONFIG_FILE) {
    poller = new ConfigPoller({ consoleUrl: o.CONSOLE_URL, token: o.WORKER_TOKEN, holder, lkg, log, workerName: name });
    poller.start();
    // Without last-known-good, give the console a moment before accepting clients.
    if (initial === null) await Promise.race([poller.firstPoll, new Promise((r) => setTimeout(r, 10_000))]);
  }
  const stopHeartbeat = o.CONSOLE_URL
    ? startHeartbeat({
        consoleUrl: o.CONSOLE_URL,
        token: o.WORKER_TOKEN,
        name,
        region: o.SWITCHYARD_REGION,
        intervalMs: o.HEARTBEAT_INTERVAL_MS,
        holder,
        stats,
        log,
      })
    : null;
  let metrics: http.Server | null = null;
  if (o.METRICS_PORT !== undefined) metrics = await listenMetrics(o.METRICS_PORT, o.PROXY_HOST, stats, holder, name);
  const address = metrics?.address();
  return {
    metricsPort: typeof address === 'object' && address !== null ? address.port : null,
    async close() {
      poller?.stop();
      stopHeartbeat?.();
      metrics?.closeAllConnections();
      await new Promise<void>((resolve) => (metrics ? metrics.close(() => resolve()) : resolve()));
    },
  };
}
