/**
 * `degradation.setAutoThrottle`: throttle any key a worker's hot-key detection measures above
 * `aboveQps` to `qps` (both per worker process); `auto: null` turns it off. Publishes at once.
 */
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';
import { ZDropResponse } from './degradation.types.ts';

export const ZSetAutoThrottleRequestSchema = z.object({
  auto: z
    .object({ aboveQps: z.number().positive().max(10_000_000), qps: z.number().positive().max(10_000_000) })
    .nullable(),
  reason: ZReason,
});
export const ZSetAutoThrottleResponseSchema = ZDropResponse;
export type TSetAutoThrottleRequest = z.infer<typeof ZSetAutoThrottleRequestSchema>;
