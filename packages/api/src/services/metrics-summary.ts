/**
 * The metrics part of a worker heartbeat's `summary` (counts are deltas over `windowSec`).
 * The proxy owns the shape (`ZHeartbeatSummary` in @switchyard/core once it lands); this
 * copy is deliberately lenient (missing maps default to empty) so a worker one release
 * behind still gets its traffic charted.
 */
import { z } from 'zod';

const count = z.number().finite().nonnegative();
const counts = z.record(z.string(), count);

export const ZMetricsSummary = z.object({
  windowSec: z.number().positive(),
  requests: count,
  errors: count,
  byCaller: counts.default({}),
  byInstance: z.record(z.string(), z.object({ requests: count, errors: count })).default({}),
  latencyMs: z.object({ p50: count, p99: count }).default({ p50: 0, p99: 0 }),
  drops: z.object({ callers: counts.default({}), keys: counts.default({}) }).default({ callers: {}, keys: {} }),
  cache: z.object({ hits: count, misses: count, staleServes: count.default(0) }).default({ hits: 0, misses: 0, staleServes: 0 }),
  breakers: z.record(z.string(), z.string()).default({}),
  hotKeys: z.array(z.object({ key: z.string(), qps: count })).default([]),
  bigKeys: z.array(z.object({ key: z.string(), bytes: count, command: z.string(), direction: z.string() })).default([]),
  inFlight: count.default(0),
});

export type TMetricsSummary = z.infer<typeof ZMetricsSummary>;
