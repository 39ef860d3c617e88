/** `degradation.setKey`: drop a share of requests for one exact hot key (publishes at once; ratio 0 removes). */
import { z } from 'zod';
import { ZRatio } from '@switchyard/core';
import { ZBreakGlassReason, ZReason } from '../shared.types.ts';
import { ZDropResponse } from './degradation.types.ts';

export const ZSetKeyDropRequestSchema = z.object({
  key: z.string().min(1).max(1024),
  ratio: ZRatio,
  expiresInMinutes: z.number().positive().max(525_600).optional(),
  reason: ZReason,
  breakGlassReason: ZBreakGlassReason,
});
export const ZSetKeyDropResponseSchema = ZDropResponse.extend({
  /** Set when the rule was published but is probably not what was meant (e.g. the key matches no key type). */
  warning: z.string().optional(),
});

export type TSetKeyDropRequest = z.infer<typeof ZSetKeyDropRequestSchema>;
export type TSetKeyDropResponse = z.infer<typeof ZSetKeyDropResponseSchema>;
