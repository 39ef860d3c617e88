/** `draft.get`: the draft snapshot, its revision and every problem validateSnapshot finds. */
import { z } from 'zod';
import { ZProblem, ZSnapshot } from '../shared.types.ts';

export const ZGetDraftRequestSchema = z.void();
export const ZGetDraftResponseSchema = z.object({
  snapshot: ZSnapshot,
  revision: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
  problems: z.array(ZProblem),
});

export type TGetDraftRequest = z.infer<typeof ZGetDraftRequestSchema>;
export type TGetDraftResponse = z.infer<typeof ZGetDraftResponseSchema>;
