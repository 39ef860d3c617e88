/** Everything a client session needs from its worker, passed in rather than imported. */
import type { SecretVerifier } from '../auth/secret-hash.ts';
import type { ConfigHolder } from '../config-poller/active-config.ts';
import type { CapLimits } from '../protections/caps.ts';
import type { Guard } from '../worker-state.ts';
import type { ScriptBudget } from '../protections/script-budget.ts';
import type { Logger } from '../telemetry/log.ts';
import type { ProxyStats } from '../telemetry/stats.ts';
import type { DecoderLimits } from '../resp/request-decoder.ts';
import type { Executor } from '../upstream/execute.ts';
import type { CallerConnections } from './connection-caps.ts';
import type { BlockingPool } from '../blocking/blocking-pool.ts';
import type { AdminLinks } from '../upstream/admin-link.ts';
import type { SubscriberBudget } from '../pubsub/subscriber-budget.ts';
import type { WriteLogRecorder } from '../migration/write-log-recorder.ts';

export interface ProxySettings {
  workerName: string;
  region: string;
  limits: DecoderLimits;
  /** Replies a client may have outstanding before the proxy stops reading its socket. */
  maxPendingPerClient: number;
  /** A request still incomplete after this long is a slow drip: error and close. */
  requestTimeoutMs: number;
  /** Issue 14 caps: arguments (caps.ts), connections, unauthenticated idle time, output buffers. */
  caps: CapLimits;
  maxConnections: number;
  maxConnectionsPerCaller: number;
  unauthTimeoutMs: number;
  maxWatchConnections: number;
  outputBuffer: { hardBytes: number; softBytes: number; softSeconds: number };
  /** How long INFO waits for the instances' own fields (PROXY_INFO_INSTANCE_WAIT_MS). */
  infoInstanceWaitMs: number;
}

export interface ProxyContext extends Executor {
  holder: ConfigHolder;
  stats: ProxyStats;
  verifier: SecretVerifier;
  settings: ProxySettings;
  log: Logger;
  /** DESIGN §8: protections, local cache, hot/big keys, request metrics. */
  guard: Guard;
  /** Authenticated connections per caller (PROXY_MAX_CONNECTIONS_PER_CALLER). */
  callerConnections: CallerConnections;
  /** Issue 14: SCRIPT KILL for scripts over PROXY_SCRIPT_BUDGET_MS. */
  scripts: ScriptBudget;
  /** Issue 13: dedicated connections for blocked clients, bounded per instance. */
  blocking: BlockingPool;
  /** Admin-user links for SCAN and CLIENT UNBLOCK (upstream/admin-link.ts). */
  admin: AdminLinks;
  /** Issue 13: subscriber connections open in this worker, and the sessions to resubscribe on a swap. */
  pubsub: SubscriberBudget;
  /** Write-log mirrors (docs/MIRROR-MODES.md): logs writes before their replies are released. */
  writeLog?: WriteLogRecorder;
}
