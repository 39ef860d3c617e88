/** `safety.list`: the current rule set, what each rule means, and the break-glass overrides of the last 24 h. */
import { z } from 'zod';
import { ZBreakGlassView, ZRuleSetView } from './safety.types.ts';

export const ZListSafetyRequestSchema = z
  .object({
    overrideHours: z
      .number()
      .positive()
      .max(24 * 90)
      .default(24),
  })
  .default({ overrideHours: 24 });
export const ZListSafetyResponseSchema = z.object({
  current: ZRuleSetView,
  rules: z.array(
    z.object({
      name: z.string(),
      title: z.string(),
      enabled: z.boolean(),
      soft: z.boolean(),
      params: z.record(z.string(), z.number()),
    }),
  ),
  overrides: z.array(ZBreakGlassView),
});

export type TListSafetyRequest = z.infer<typeof ZListSafetyRequestSchema>;
export type TListSafetyResponse = z.infer<typeof ZListSafetyResponseSchema>;
