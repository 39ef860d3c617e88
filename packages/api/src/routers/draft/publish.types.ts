/** `draft.publish`: publish the draft as a new immutable version; refused while it has problems or is stale. */
import { z } from 'zod';
import { ZCanaryRequest } from '../../services/canary/canary-types.ts';
import { ZBreakGlassReason, ZReason, ZVersionMeta } from '../shared.types.ts';

export const ZPublishDraftRequestSchema = z.object({
  expectedRevision: z.number().int().min(0),
  reason: ZReason,
  breakGlassReason: ZBreakGlassReason,
  /** Canary publish: one live worker per region first, watched for `watchSeconds`, then the fleet (or reverted). */
  canary: ZCanaryRequest.optional(),
});
export const ZPublishDraftResponseSchema = ZVersionMeta;

export type TPublishDraftRequest = z.infer<typeof ZPublishDraftRequestSchema>;
export type TPublishDraftResponse = z.infer<typeof ZPublishDraftResponseSchema>;
