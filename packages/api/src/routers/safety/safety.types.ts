/** Schemas shared by the safety procedures. */
import { z } from 'zod';
import { ZSafetyRules } from './rules.types.ts';

export const ZRuleSetView = z.object({
  version: z.number().int(),
  rules: ZSafetyRules,
  author: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string().nullable(),
});

export const ZBreakGlassView = z.object({
  at: z.string(),
  actor: z.string(),
  target: z.string(),
  reason: z.string(),
  rules: z.array(z.string()),
});
