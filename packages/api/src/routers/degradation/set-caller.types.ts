/** `degradation.setCaller`: drop a share of a caller's requests (publishes at once; ratio 0 removes the rule). */
import { z } from 'zod';
import { ZName, ZRatio } from '@switchyard/core';
import { ZBreakGlassReason, ZReason } from '../shared.types.ts';
import { ZDropResponse } from './degradation.types.ts';

export const ZSetCallerDropRequestSchema = z.object({
  caller: ZName,
  ratio: ZRatio,
  expiresInMinutes: z.number().positive().max(525_600).optional(),
  reason: ZReason,
  breakGlassReason: ZBreakGlassReason,
});
export const ZSetCallerDropResponseSchema = ZDropResponse;

export type TSetCallerDropRequest = z.infer<typeof ZSetCallerDropRequestSchema>;
export type TSetCallerDropResponse = z.infer<typeof ZSetCallerDropResponseSchema>;
