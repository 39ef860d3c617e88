/**
 * Assembles a worker. `startProxy` runs everything in one process (and is what tests start
 * in-process); `startDataPlane` is the RESP side alone, for node:cluster workers whose
 * config arrives from the primary.
 */
import { SecretVerifier } from './auth/secret-hash.ts';
import { ConfigHolder } from './config-poller/active-config.ts';
import { startControlPlane } from './control-plane.ts';
import type { TProxyEnv } from './env.ts';
import { jsonLogger, type Logger } from './reporter/log.ts';
import { ProxyStats } from './reporter/stats.ts';
import type { ProxyContext } from './server/context.ts';
import { listenProxy, type ProxyServer } from './server/proxy-server.ts';
import { CallerConnections } from './server/connection-caps.ts';
import { Upstream } from './upstream/upstream.ts';
import { DEFAULT_BREAKER } from './protections/circuit-breaker.ts';
import { Guard, type GuardOptions } from './protections/guard.ts';
import { ScriptBudget } from './protections/script-budget.ts';
import { CompensationHook } from './migration/compensation-hook.ts';
import { BlockingPool } from './blocking/blocking-pool.ts';
import { AdminLinks } from './upstream/admin-link.ts';
import { SubscriberBudget } from './pubsub/subscriber-budget.ts';

export { loadConfigFile } from './control-plane.ts';

export type ProxyOptions = Partial<TProxyEnv> & { logger?: Logger };

export interface DataPlane {
  readonly port: number;
  readonly ctx: ProxyContext;
  readonly server: ProxyServer;
  /** Dual-write failures → the migration engine's compensation (DESIGN §7). */
  readonly compensation: CompensationHook;
  close(): Promise<void>;
}

export interface ProxyHandle extends DataPlane {
  readonly metricsPort: number | null;
  readonly holder: ConfigHolder;
}

export async function startDataPlane(o: ProxyOptions, holder: ConfigHolder, stats: ProxyStats, log: Logger): Promise<DataPlane> {
  const guard = new Guard(guardOptions(o, log));
  stats.telemetrySource = () => guard.snapshot();
  const upstream = new Upstream({
    timeoutMs: o.BACKEND_TIMEOUT_MS ?? 5000,
    connectTimeoutMs: o.BACKEND_CONNECT_TIMEOUT_MS ?? 2000,
    connectionsPerAddress: o.BACKEND_CONNECTIONS ?? 1,
    breakers: guard.breakers,
    maxReplyBytes: o.PROXY_MAX_REPLY_BYTES ?? 32 * 1024 * 1024,
    onReplyCut: () => stats.caps.note('reply_bytes'),
    maxDedicated: o.PROXY_MAX_WATCH_CONNECTIONS ?? 256,
    log,
  });
  const backendTimeouts = { timeoutMs: o.BACKEND_TIMEOUT_MS ?? 5000, connectTimeoutMs: o.BACKEND_CONNECT_TIMEOUT_MS ?? 2000 };
  const blocking = new BlockingPool({ ...backendTimeouts, maxPerInstance: o.PROXY_MAX_BLOCKING_PER_INSTANCE ?? 256, maxReplyBytes: o.PROXY_MAX_REPLY_BYTES ?? 32 * 1024 * 1024 });
  const admin = new AdminLinks({ ...backendTimeouts, maxReplyBytes: o.PROXY_MAX_REPLY_BYTES ?? 32 * 1024 * 1024 });
  const pubsub = new SubscriberBudget(o.PROXY_MAX_SUBSCRIBER_CONNECTIONS ?? 1024);
  const compensation = new CompensationHook(o.CONTROL_INSTANCE ?? 'control', log);
  holder.onSwap((next) => {
    stats.configSwaps++;
    compensation.retain(next.compiled);
    guard.retain(next.compiled);
    const closed = upstream.retain(next.compiled);
    admin.retain(next.compiled.instances);
    blocking.retain(next.compiled.instances);
    pubsub.onSwap();
    if (closed.length > 0) log.log('info', 'backends_retired', { version: next.version, pools: closed.length });
  });
  if (holder.current !== null) {
    upstream.retain(holder.current.compiled);
    guard.retain(holder.current.compiled);
    compensation.retain(holder.current.compiled);
  }
  const ctx: ProxyContext = {
    holder, stats, upstream, log, guard, blocking, admin, pubsub,
    callerConnections: new CallerConnections(),
    scripts: new ScriptBudget(o.PROXY_SCRIPT_BUDGET_MS ?? 2000, upstream, stats, log),
    verifier: new SecretVerifier({ maxFailures: o.PROXY_AUTH_MAX_FAILURES ?? 20, windowMs: o.PROXY_AUTH_FAILURE_WINDOW_MS ?? 10_000 }),
    settings: {
      workerName: o.SWITCHYARD_WORKER_NAME ?? 'proxy-1',
      region: o.SWITCHYARD_REGION ?? 'gz',
      limits: {
        maxBulkBytes: o.PROXY_MAX_BULK_BYTES ?? 64 * 1024 * 1024,
        maxArrayLength: o.PROXY_MAX_ARRAY_LENGTH ?? 1024 * 1024,
        maxInlineBytes: o.PROXY_MAX_INLINE_BYTES ?? 64 * 1024,
        maxQueryBytes: o.PROXY_MAX_QUERY_BYTES ?? 128 * 1024 * 1024,
      },
      maxPendingPerClient: o.PROXY_MAX_PENDING_PER_CLIENT ?? 4096,
      requestTimeoutMs: o.PROXY_REQUEST_TIMEOUT_MS ?? 30_000,
      caps: { maxCountArg: o.PROXY_MAX_COUNT_ARG ?? 100_000, maxOffsetBytes: o.PROXY_MAX_OFFSET_BYTES ?? 16 * 1024 * 1024, maxKeysPerRequest: o.PROXY_MAX_KEYS_PER_REQUEST ?? 10_000 },
      maxConnections: o.PROXY_MAX_CONNECTIONS ?? 10_000,
      maxConnectionsPerCaller: o.PROXY_MAX_CONNECTIONS_PER_CALLER ?? 2000,
      unauthTimeoutMs: o.PROXY_UNAUTH_TIMEOUT_MS ?? 10_000,
      maxWatchConnections: o.PROXY_MAX_WATCH_CONNECTIONS ?? 256,
      outputBuffer: {
        hardBytes: o.PROXY_OUTPUT_BUFFER_HARD_BYTES ?? 64 * 1024 * 1024,
        softBytes: o.PROXY_OUTPUT_BUFFER_SOFT_BYTES ?? 16 * 1024 * 1024,
        softSeconds: o.PROXY_OUTPUT_BUFFER_SOFT_SECONDS ?? 60,
      },
    },
    onSecondaryWriteFailure(failure) {
      stats.secondaryWriteFailures++;
      log.log('warn', 'secondary_write_failed', { primary: failure.primary, secondary: failure.secondary, command: failure.command, error: failure.error });
      compensation.handle(failure);
    },
    onPrimaryWriteFailure(failure) {
      log.log('warn', 'primary_write_failed', { primary: failure.primary, secondary: failure.secondary, command: failure.command, error: failure.error });
      compensation.handlePrimary(failure);
    },
  };
  const server = await listenProxy(ctx, o.PROXY_PORT ?? 0, o.PROXY_HOST ?? '127.0.0.1');
  return {
    port: server.port,
    ctx,
    server,
    compensation,
    async close() {
      await server.close(o.SHUTDOWN_GRACE_MS ?? 10_000);
      upstream.close();
      blocking.close();
      admin.close();
      guard.close();
      compensation.close();
    },
  };
}

function guardOptions(o: ProxyOptions, log: Logger): GuardOptions {
  return {
    breaker: {
      windowMs: o.BREAKER_WINDOW_MS ?? DEFAULT_BREAKER.windowMs,
      minRequests: o.BREAKER_MIN_REQUESTS ?? DEFAULT_BREAKER.minRequests,
      errorRate: o.BREAKER_ERROR_RATE ?? DEFAULT_BREAKER.errorRate,
      consecutiveFailures: o.BREAKER_CONSECUTIVE_FAILURES ?? DEFAULT_BREAKER.consecutiveFailures,
      slowMs: o.BREAKER_SLOW_MS ?? DEFAULT_BREAKER.slowMs,
      slowRate: o.BREAKER_SLOW_RATE ?? DEFAULT_BREAKER.slowRate,
      openMs: o.BREAKER_OPEN_MS ?? DEFAULT_BREAKER.openMs,
    },
    hotKeys: { k: o.HOT_KEY_TOP_K ?? 50, windowMs: o.HOT_KEY_WINDOW_MS ?? 10_000, sampleEvery: o.HOT_KEY_SAMPLE_EVERY ?? 4, report: 20 },
    bigRequestBytes: o.BIG_KEY_REQUEST_BYTES ?? 1024 * 1024,
    bigReplyBytes: o.BIG_KEY_REPLY_BYTES ?? 1024 * 1024,
    controlInstance: o.CONTROL_INSTANCE ?? 'control',
    invalidationChannel: o.CACHE_INVALIDATION_CHANNEL ?? 'sy:inval',
    log,
  };
}

export async function startProxy(o: ProxyOptions): Promise<ProxyHandle> {
  const log = o.logger ?? jsonLogger({ worker: o.SWITCHYARD_WORKER_NAME ?? 'proxy-1', pid: process.pid });
  const holder = new ConfigHolder();
  const stats = new ProxyStats();
  const control = await startControlPlane(o, holder, stats, log);
  const data = await startDataPlane(o, holder, stats, log);
  return {
    ...data,
    metricsPort: control.metricsPort,
    holder,
    async close() {
      await control.close();
      await data.close();
    },
  };
}
