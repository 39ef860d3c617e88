/**
 * What a proxy worker sends in its heartbeat `summary` (DESIGN §8): counts for the last
 * heartbeat window only (deltas), so the console can store them as time buckets, plus the
 * current gauges (breakers, hot and big keys, requests in flight).
 */
import { z } from 'zod';

const ZCount = z.number().int().min(0);
const ZCounts = z.record(z.string(), ZCount);

export const ZBreakerState = z.enum(['closed', 'open', 'half-open']);

export const ZHeartbeatSummary = z.object({
  /** Length of the window the counts cover, in seconds. */
  windowSec: z.number().min(0),
  /** Commands answered (every outcome, cache hits included). */
  requests: ZCount,
  /** Commands answered with an error reply (backend errors, drops, limits, open breakers). */
  errors: ZCount,
  byCaller: ZCounts,
  byRegion: z.never().optional(),
  /**
   * Per backend instance (`multi`: split multi-key commands, `-`: refused before routing).
   * `reads`/`writes` split `requests` by the command table's write flag; `callers` splits them per
   * caller. Optional: workers (and stored buckets) from before the split carry neither.
   */
  byInstance: z.record(
    z.string(),
    z.object({
      requests: ZCount,
      errors: ZCount,
      reads: ZCount.optional(),
      writes: ZCount.optional(),
      callers: z.record(z.string(), z.object({ reads: ZCount, writes: ZCount })).optional(),
    }),
  ),
  /** Backend round-trip latency over the window (cache hits excluded); 0 when idle. */
  latencyMs: z.object({ p50: z.number().min(0), p99: z.number().min(0) }),
  /** Degradation drops by rule: caller name, or exact key; `throttles`: hot-key throttle refusals by key (seed 003). */
  drops: z.object({ callers: ZCounts, keys: ZCounts, throttles: ZCounts.optional() }),
  cache: z.object({ hits: ZCount, misses: ZCount, staleServes: ZCount }),
  breakers: z.record(z.string(), ZBreakerState),
  hotKeys: z.array(z.object({ key: z.string(), qps: z.number().min(0) })),
  bigKeys: z.array(
    z.object({ key: z.string(), bytes: ZCount, command: z.string(), direction: z.enum(['request', 'reply']) }),
  ),
  inFlight: ZCount,
  /**
   * Shadow-read compare during gray read (seed 001 §8.3.4.3), per migration id and key type:
   * cumulative since the worker started (not a window delta), so the console sums live workers.
   */
  shadow: z
    .record(
      z.string(),
      z.record(
        z.string(),
        z.object({
          compared: ZCount,
          equal: ZCount,
          differing: ZCount,
          missingOnNew: ZCount,
          notFoundOld: ZCount,
          notFoundNew: ZCount,
        }),
      ),
    )
    .optional(),
  /** Worker processes behind this heartbeat (node:cluster); absent = 1. */
  processes: ZCount.optional(),
});

export type THeartbeatSummary = z.infer<typeof ZHeartbeatSummary>;
export type TBreakerState = z.infer<typeof ZBreakerState>;
