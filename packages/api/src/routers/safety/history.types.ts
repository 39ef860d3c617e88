/** `safety.history`: earlier versions of the rule set, newest first. */
import { z } from 'zod';
import { ZRuleSetView } from './safety.types.ts';

export const ZSafetyHistoryRequestSchema = z
  .object({ limit: z.number().int().min(1).max(200).default(20) })
  .default({ limit: 20 });
export const ZSafetyHistoryResponseSchema = z.array(ZRuleSetView);

export type TSafetyHistoryRequest = z.infer<typeof ZSafetyHistoryRequestSchema>;
export type TSafetyHistoryResponse = z.infer<typeof ZSafetyHistoryResponseSchema>;
