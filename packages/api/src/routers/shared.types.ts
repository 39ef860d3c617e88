/** Schemas several procedures share: reasons, draft edits, version metadata. */
import { z } from 'zod';
import { ZConfigSnapshot } from '@switchyard/core';

export const ZReason = z.string().trim().min(3, 'give a reason of at least 3 characters').max(500);
/** An admin's reason to apply a change despite breached safety rules (issue 18); audited as `safety.breakGlass`. */
export const ZBreakGlassReason = z
  .string()
  .trim()
  .min(3, 'give a break-glass reason of at least 3 characters')
  .max(500)
  .optional();

/** Every draft edit names the revision it was based on (optimistic concurrency). */
export const ZDraftEditBase = z.object({
  expectedRevision: z.number().int().min(0),
  reason: z.string().trim().max(500).optional(),
});

export const ZDraftEditResponseSchema = z.object({ revision: z.number().int() });
export type TDraftEditResponse = z.infer<typeof ZDraftEditResponseSchema>;

export const ZVersionMeta = z.object({
  version: z.number().int(),
  hash: z.string(),
  author: z.string(),
  reason: z.string(),
  createdAt: z.string(),
  rolledBackFrom: z.number().int().nullable(),
});
export type TVersionMetaSchema = z.infer<typeof ZVersionMeta>;

export const ZProblem = z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() });

export const ZStepReport = z.object({ step: z.string(), target: z.string(), ok: z.boolean(), message: z.string() });

export const ZSnapshot = ZConfigSnapshot;
