/** `degradation.setThrottle`: a per-key QPS limit per worker process (seed 003 level 1); requests over it get `-ERR SWITCHYARD throttled (key <key>)`. Publishes at once. */
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';
import { ZDropResponse } from './degradation.types.ts';

export const ZSetThrottleRequestSchema = z.object({
  key: z.string().min(1).max(1024),
  /** Requests per second per worker process. */
  qps: z.number().positive().max(10_000_000),
  expiresInMinutes: z.number().positive().max(525_600).optional(),
  reason: ZReason,
});
/** `warning`: published, but the key matches no key type. */
export const ZSetThrottleResponseSchema = ZDropResponse.extend({ warning: z.string().optional() });

export type TSetThrottleRequest = z.infer<typeof ZSetThrottleRequestSchema>;
export type TSetThrottleResponse = z.infer<typeof ZSetThrottleResponseSchema>;
