/** `degradation.clearThrottle`: remove a key's throttle rule. Publishes at once. */
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';
import { ZDropResponse } from './degradation.types.ts';

export const ZClearThrottleRequestSchema = z.object({ key: z.string().min(1).max(1024), reason: ZReason });
export const ZClearThrottleResponseSchema = ZDropResponse;

export type TClearThrottleRequest = z.infer<typeof ZClearThrottleRequestSchema>;
export type TClearThrottleResponse = z.infer<typeof ZClearThrottleResponseSchema>;
