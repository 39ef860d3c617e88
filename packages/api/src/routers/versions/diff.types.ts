/** `versions.diff`: structural diff between two versions: a list of {path, before, after}. */
import { z } from 'zod';

export const ZDiffVersionsRequestSchema = z.object({ from: z.number().int().min(1), to: z.number().int().min(1) });
export const ZDiffVersionsResponseSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** `before` absent = added, `after` absent = removed. */
  changes: z.array(z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })),
});

export type TDiffVersionsRequest = z.infer<typeof ZDiffVersionsRequestSchema>;
export type TDiffVersionsResponse = z.infer<typeof ZDiffVersionsResponseSchema>;
