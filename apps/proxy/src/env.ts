/**
 * The only file that reads process.env, and the only place the proxy's defaults are written:
 * the environment (or a test's options) is parsed once into a frozen ProxyEnv, and every
 * other module receives that object.
 */
import path from 'node:path';
import { ZYoungGenerationMb } from '@switchyard/core';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const ratio = z.coerce.number().gt(0).max(1);

export const ZProxyEnv = z.object({
  SWITCHYARD_WORKER_NAME: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,62}$/)
    .default('proxy-1'),
  SWITCHYARD_REGION: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,62}$/)
    .default('gz'),
  PROXY_PORT: port.default(6380),
  PROXY_HOST: z.string().min(1).default('127.0.0.1'),
  /** Unset = no metrics listener. */
  METRICS_PORT: port.optional(),
  CONSOLE_URL: z.url().optional(),
  WORKER_TOKEN: z.string().min(1).optional(),
  /** Unset: .switchyard/lkg/<worker>.json under the working directory (see parseProxyEnv). */
  LKG_PATH: z.string().min(1).optional(),
  /** A static config (published document or bare snapshot) for tests and benchmarks. */
  CONFIG_FILE: z.string().min(1).optional(),
  PROXY_PROCESSES: positiveInt.default(1),
  PROXY_MAX_BULK_BYTES: positiveInt.default(64 * 1024 * 1024),
  PROXY_MAX_ARRAY_LENGTH: positiveInt.default(1024 * 1024),
  PROXY_MAX_INLINE_BYTES: positiveInt.default(64 * 1024),
  PROXY_MAX_QUERY_BYTES: positiveInt.default(128 * 1024 * 1024),
  PROXY_MAX_PENDING_PER_CLIENT: positiveInt.default(4096),
  PROXY_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  /** Failed AUTHs a client address may have within the window (each costs a scrypt). */
  PROXY_AUTH_MAX_FAILURES: positiveInt.default(20),
  PROXY_AUTH_FAILURE_WINDOW_MS: positiveInt.default(10_000),
  /**
   * Issue 14 caps. Each refusal is an error from the catalog, counted in
   * switchyard_cap_refusals_total{cap}. Count arguments (SRANDMEMBER -n, LPOP n, ZPOPMIN n, ...):
   */
  PROXY_MAX_COUNT_ARG: positiveInt.default(100_000),
  /** The string length SETRANGE/SETBIT/BITFIELD offsets may reach (they allocate up to it). */
  PROXY_MAX_OFFSET_BYTES: positiveInt.default(16 * 1024 * 1024),
  /** Keys in one request (MGET, MSET, DEL, EXISTS, SUNION, WATCH, ...). */
  PROXY_MAX_KEYS_PER_REQUEST: positiveInt.default(10_000),
  /** A backend reply larger than this is cut: the client gets an error, the bytes are skipped. */
  PROXY_MAX_REPLY_BYTES: positiveInt.default(32 * 1024 * 1024),
  /** Like Redis's client-output-buffer-limit: unsent reply bytes past hard, or past soft for soft-seconds, disconnect. */
  PROXY_OUTPUT_BUFFER_HARD_BYTES: positiveInt.default(64 * 1024 * 1024),
  PROXY_OUTPUT_BUFFER_SOFT_BYTES: positiveInt.default(16 * 1024 * 1024),
  PROXY_OUTPUT_BUFFER_SOFT_SECONDS: positiveInt.default(60),
  /** Client connections per worker process (Redis maxclients) and per authenticated caller. */
  PROXY_MAX_CONNECTIONS: positiveInt.default(10_000),
  PROXY_MAX_CONNECTIONS_PER_CALLER: positiveInt.default(2_000),
  /** A connection not authenticated within this is closed. */
  PROXY_UNAUTH_TIMEOUT_MS: positiveInt.default(10_000),
  /** Backend connections pinned by WATCH in one worker process (one per client at most). */
  PROXY_MAX_WATCH_CONNECTIONS: positiveInt.default(256),
  /** Issue 13: blocked clients (BLPOP, XREAD BLOCK, ...) per backend instance in one worker, each on its own connection. */
  PROXY_MAX_BLOCKING_PER_INSTANCE: positiveInt.default(256),
  /** Issue 13: backend subscriber connections (one per subscribed client per instance) in one worker. */
  PROXY_MAX_SUBSCRIBER_CONNECTIONS: positiveInt.default(1024),
  BACKEND_TIMEOUT_MS: positiveInt.default(5000),
  /**
   * INFO's instance-derived fields (persistence flags, mem_allocator, blocked_clients) wait at most
   * this long for the instances; one that answers later is left out, so a slow or paused instance
   * cannot hold every client's INFO (ioredis's ready check on connect) for the backend timeout.
   */
  PROXY_INFO_INSTANCE_WAIT_MS: positiveInt.default(250),
  BACKEND_CONNECT_TIMEOUT_MS: positiveInt.default(2000),
  BACKEND_CONNECTIONS: positiveInt.default(1),
  HEARTBEAT_INTERVAL_MS: positiveInt.default(5000),
  SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
  /** DESIGN §8. Pub/sub invalidation goes through this instance of the config. */
  CONTROL_INSTANCE: z.string().min(1).default('control'),
  CACHE_INVALIDATION_CHANNEL: z.string().min(1).default('sy:inval'),
  /** Circuit breakers: rolling window, trip thresholds, and how long open lasts before a probe. */
  BREAKER_WINDOW_MS: positiveInt.default(5000),
  BREAKER_MIN_REQUESTS: positiveInt.default(20),
  BREAKER_ERROR_RATE: ratio.default(0.5),
  BREAKER_CONSECUTIVE_FAILURES: positiveInt.default(5),
  BREAKER_SLOW_MS: positiveInt.default(1000),
  BREAKER_SLOW_RATE: ratio.default(0.5),
  BREAKER_OPEN_MS: positiveInt.default(500),
  /** Hot keys: top K per window, counting every Nth request. */
  HOT_KEY_TOP_K: positiveInt.default(50),
  HOT_KEY_WINDOW_MS: positiveInt.default(10_000),
  HOT_KEY_SAMPLE_EVERY: positiveInt.default(4),
  /** Big keys: requests / replies above these sizes are reported. */
  BIG_KEY_REQUEST_BYTES: positiveInt.default(1024 * 1024),
  BIG_KEY_REPLY_BYTES: positiveInt.default(1024 * 1024),
  /**
   * Issue 14: a script unanswered this long is stopped with SCRIPT KILL; 0 = never. Keep it at or
   * above the backends' busy-reply-threshold: before that Redis reads no other connection.
   */
  PROXY_SCRIPT_BUDGET_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  /**
   * Issue 20: V8's semi-space, in MB, for a process that serves clients; 0 = V8's own sizing
   * (1 MB growing to 16). A scavenge stops the worker every time the semi-space fills; at 16 MB
   * that is every ~60 ms under load, often enough to set the -P 1 p99. Costs up to twice this
   * much resident memory. V8 reads it only at start: see runtime-flags.ts.
   */
  PROXY_YOUNG_GENERATION_MB: ZYoungGenerationMb,
});

export type TProxyEnv = z.infer<typeof ZProxyEnv>;

/** The parsed, frozen settings: every field has its value, LKG_PATH included. */
export type ProxyEnv = Readonly<TProxyEnv & { LKG_PATH: string }>;

/** Parses once: zod's defaults fill what is unset; an invalid value throws with every issue listed. */
export function parseProxyEnv(source: Readonly<Partial<TProxyEnv>> | NodeJS.ProcessEnv): ProxyEnv {
  const parsed = ZProxyEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid proxy environment:\n${lines}`);
  }
  const env = parsed.data;
  return Object.freeze({
    ...env,
    LKG_PATH: env.LKG_PATH ?? path.resolve('.switchyard', 'lkg', `${env.SWITCHYARD_WORKER_NAME}.json`),
  });
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): ProxyEnv {
  return parseProxyEnv(source);
}
