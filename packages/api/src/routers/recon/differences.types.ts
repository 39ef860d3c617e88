/** `recon.differences`: the keys the latest run in each direction left unresolved, with both sides. */
import { z } from 'zod';

export const ZReconDifferencesRequestSchema = z.object({
  id: z.string().min(1).max(100),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const ZDifferenceSideView = z.object({ type: z.string(), ttlMs: z.number().int(), value: z.string() });
export const ZReconDifferenceView = z.object({
  id: z.string(),
  direction: z.enum(['forward', 'reverse']),
  key: z.string(),
  keyType: z.string(),
  /** AHEAD_OF_TRUTH, CONFLICT, UNSUPPORTED_TYPE, REPAIR_OFF, TRUNCATED, ERROR. */
  why: z.string(),
  /** Specifics, e.g. "new is ahead of the truth (old): SEQ new=9 > old=4". */
  detail: z.string(),
  old: ZDifferenceSideView,
  new: ZDifferenceSideView,
  foundAt: z.string(),
});
export type TReconDifferenceView = z.infer<typeof ZReconDifferenceView>;

export const ZReconDifferencesResponseSchema = z.object({
  /** Unresolved: no reconciliation filter accepts them. */
  differences: z.array(ZReconDifferenceView),
  /** All unresolved rows, when more than `limit`. */
  total: z.number().int(),
  /** Accepted by a reconciliation filter (named): listed apart, not counted as unresolved. */
  filtered: z.array(ZReconDifferenceView.extend({ filter: z.string() })),
  filteredTotal: z.number().int(),
  /** A "re-run now" is waiting for the migrator. */
  rerunPending: z.boolean(),
});
export type TReconDifferencesResponse = z.infer<typeof ZReconDifferencesResponseSchema>;
