/** `draft.diff`: what publishing the draft would change against the latest published version. */
import { z } from 'zod';

export const ZDiffDraftRequestSchema = z.void();
export const ZDiffDraftResponseSchema = z.object({
  publishedVersion: z.number().int().nullable(),
  revision: z.number().int(),
  /** `before` absent = added, `after` absent = removed. */
  changes: z.array(z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })),
});

export type TDiffDraftRequest = z.infer<typeof ZDiffDraftRequestSchema>;
export type TDiffDraftResponse = z.infer<typeof ZDiffDraftResponseSchema>;
