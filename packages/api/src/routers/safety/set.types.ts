/** `safety.set`: save a new version of the rule set (admin; audited as safety.set). */
import { z } from 'zod';
import { ZSafetyRules } from './rules.types.ts';
import { ZReason } from '../shared.types.ts';
import { ZRuleSetView } from './safety.types.ts';

export const ZSetSafetyRequestSchema = z.object({
  rules: ZSafetyRules,
  /** The version the edit was made on; a newer one refuses with SAFETY_RULES_STALE. */
  expectedVersion: z.number().int().min(0),
  reason: ZReason,
});
export const ZSetSafetyResponseSchema = ZRuleSetView;

export type TSetSafetyRequest = z.infer<typeof ZSetSafetyRequestSchema>;
export type TSetSafetyResponse = z.infer<typeof ZSetSafetyResponseSchema>;
