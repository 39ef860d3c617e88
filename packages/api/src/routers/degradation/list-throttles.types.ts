/** `degradation.listThrottles`: throttle rules in the latest published version, with whether each is still active. */
import { z } from 'zod';

export const ZListThrottlesRequestSchema = z.void();
export const ZListThrottlesResponseSchema = z.object({
  version: z.number().int(),
  throttles: z.array(
    z.object({ key: z.string(), qps: z.number(), expiresAt: z.string().nullable(), active: z.boolean() }),
  ),
  /** Automatic throttling of detected hot keys, or null when off. */
  autoThrottle: z.object({ aboveQps: z.number(), qps: z.number() }).nullable(),
});

export type TListThrottlesResponse = z.infer<typeof ZListThrottlesResponseSchema>;
