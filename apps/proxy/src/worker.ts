/**
 * Assembles a worker. `startProxy` runs everything in one process (and is what tests start
 * in-process); `startDataPlane` is the RESP side alone, for node:cluster workers whose
 * config arrives from the primary.
 */
import { SecretVerifier } from './auth/secret-hash.ts';
import { ConfigHolder, deepFreeze } from './config-poller/active-config.ts';
import { startControlPlane } from './control-plane.ts';
import { parseProxyEnv, type ProxyEnv, type TProxyEnv } from './env.ts';
import { jsonLogger, type Logger } from './telemetry/log.ts';
import { ProxyStats } from './telemetry/stats.ts';
import type { ProxyContext, ProxySettings } from './session/context.ts';
import { dispatch } from './pipeline/dispatch.ts';
import { listenProxy, type ProxyServer } from './session/proxy-server.ts';
import { CallerConnections } from './session/connection-caps.ts';
import { Upstream } from './upstream/upstream.ts';
import { Guard, type GuardOptions } from './worker-state.ts';
import type { BreakerOptions } from './upstream/circuit-breaker.ts';
import { ScriptBudget } from './protections/script-budget.ts';
import { CompensationHook } from './migration/compensation-hook.ts';
import { WriteLogRecorder } from './migration/write-log-recorder.ts';
import { BlockingPool } from './blocking/blocking-pool.ts';
import { AdminLinks } from './upstream/admin-link.ts';
import { SubscriberBudget } from './pubsub/subscriber-budget.ts';

export { loadConfigFile } from './control-plane.ts';

/** Any subset of the environment's settings (parsed once by startProxy), and a logger. */
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

export async function startDataPlane(
  o: ProxyEnv,
  holder: ConfigHolder,
  stats: ProxyStats,
  log: Logger,
): Promise<DataPlane> {
  const guard = new Guard(guardOptions(o, log));
  stats.telemetrySource = () => guard.snapshot();
  const upstream = new Upstream({
    timeoutMs: o.BACKEND_TIMEOUT_MS,
    connectTimeoutMs: o.BACKEND_CONNECT_TIMEOUT_MS,
    connectionsPerAddress: o.BACKEND_CONNECTIONS,
    breakers: guard.breakers,
    maxReplyBytes: o.PROXY_MAX_REPLY_BYTES,
    onReplyCut: () => stats.caps.note('reply_bytes'),
    maxDedicated: o.PROXY_MAX_WATCH_CONNECTIONS,
    log,
  });
  const backendTimeouts = { timeoutMs: o.BACKEND_TIMEOUT_MS, connectTimeoutMs: o.BACKEND_CONNECT_TIMEOUT_MS };
  const blocking = new BlockingPool({
    ...backendTimeouts,
    maxPerInstance: o.PROXY_MAX_BLOCKING_PER_INSTANCE,
    maxReplyBytes: o.PROXY_MAX_REPLY_BYTES,
    onReplyCut: () => stats.caps.note('reply_bytes'),
  });
  const admin = new AdminLinks({ ...backendTimeouts, maxReplyBytes: o.PROXY_MAX_REPLY_BYTES });
  const pubsub = new SubscriberBudget(o.PROXY_MAX_SUBSCRIBER_CONNECTIONS);
  const compensation = new CompensationHook(o.CONTROL_INSTANCE, log);
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
    holder,
    stats,
    upstream,
    log,
    guard,
    blocking,
    admin,
    pubsub,
    writeLog: new WriteLogRecorder(upstream, o.CONTROL_INSTANCE ?? 'control'),
    callerConnections: new CallerConnections(),
    scripts: new ScriptBudget(o.PROXY_SCRIPT_BUDGET_MS, upstream, stats, log),
    verifier: new SecretVerifier({ maxFailures: o.PROXY_AUTH_MAX_FAILURES, windowMs: o.PROXY_AUTH_FAILURE_WINDOW_MS }),
    settings: proxySettings(o),
    onSecondaryWriteFailure(failure) {
      stats.secondaryWriteFailures++;
      log.log('warn', 'secondary_write_failed', {
        primary: failure.primary,
        secondary: failure.secondary,
        command: failure.command,
        error: failure.error,
      });
      compensation.handle(failure);
    },
    onPrimaryWriteFailure(failure) {
      log.log('warn', 'primary_write_failed', {
        primary: failure.primary,
        secondary: failure.secondary,
        command: failure.command,
        error: failure.error,
      });
      compensation.handlePrimary(failure);
    },
  };
  const server = await listenProxy(ctx, dispatch, o.PROXY_PORT, o.PROXY_HOST);
  return {
    port: server.port,
    ctx,
    server,
    compensation,
    async close() {
      await server.close(o.SHUTDOWN_GRACE_MS);
      upstream.close();
      blocking.close();
      admin.close();
      guard.close();
      compensation.close();
    },
  };
}

/** What a client session needs of the environment (session/context.ts). */
export function proxySettings(o: ProxyEnv): ProxySettings {
  return deepFreeze({
    workerName: o.SWITCHYARD_WORKER_NAME,
    region: o.SWITCHYARD_REGION,
    limits: {
      maxBulkBytes: o.PROXY_MAX_BULK_BYTES,
      maxArrayLength: o.PROXY_MAX_ARRAY_LENGTH,
      maxInlineBytes: o.PROXY_MAX_INLINE_BYTES,
      maxQueryBytes: o.PROXY_MAX_QUERY_BYTES,
    },
    maxPendingPerClient: o.PROXY_MAX_PENDING_PER_CLIENT,
    requestTimeoutMs: o.PROXY_REQUEST_TIMEOUT_MS,
    caps: {
      maxCountArg: o.PROXY_MAX_COUNT_ARG,
      maxOffsetBytes: o.PROXY_MAX_OFFSET_BYTES,
      maxKeysPerRequest: o.PROXY_MAX_KEYS_PER_REQUEST,
    },
    maxConnections: o.PROXY_MAX_CONNECTIONS,
    maxConnectionsPerCaller: o.PROXY_MAX_CONNECTIONS_PER_CALLER,
    unauthTimeoutMs: o.PROXY_UNAUTH_TIMEOUT_MS,
    maxWatchConnections: o.PROXY_MAX_WATCH_CONNECTIONS,
    outputBuffer: {
      hardBytes: o.PROXY_OUTPUT_BUFFER_HARD_BYTES,
      softBytes: o.PROXY_OUTPUT_BUFFER_SOFT_BYTES,
      softSeconds: o.PROXY_OUTPUT_BUFFER_SOFT_SECONDS,
    },
    infoInstanceWaitMs: o.PROXY_INFO_INSTANCE_WAIT_MS,
  });
}

/** The circuit breakers' settings; their defaults are env.ts's. */
export function breakerOptions(o: ProxyEnv): BreakerOptions {
  return {
    windowMs: o.BREAKER_WINDOW_MS,
    minRequests: o.BREAKER_MIN_REQUESTS,
    errorRate: o.BREAKER_ERROR_RATE,
    consecutiveFailures: o.BREAKER_CONSECUTIVE_FAILURES,
    slowMs: o.BREAKER_SLOW_MS,
    slowRate: o.BREAKER_SLOW_RATE,
    openMs: o.BREAKER_OPEN_MS,
  };
}

export function guardOptions(o: ProxyEnv, log: Logger): GuardOptions {
  return {
    breaker: breakerOptions(o),
    hotKeys: { k: o.HOT_KEY_TOP_K, windowMs: o.HOT_KEY_WINDOW_MS, sampleEvery: o.HOT_KEY_SAMPLE_EVERY, report: 20 },
    bigRequestBytes: o.BIG_KEY_REQUEST_BYTES,
    bigReplyBytes: o.BIG_KEY_REPLY_BYTES,
    controlInstance: o.CONTROL_INSTANCE,
    invalidationChannel: o.CACHE_INVALIDATION_CHANNEL,
    log,
  };
}

export async function startProxy(options: ProxyOptions): Promise<ProxyHandle> {
  const o = parseProxyEnv(options);
  const log = options.logger ?? jsonLogger({ worker: o.SWITCHYARD_WORKER_NAME, pid: process.pid });
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
