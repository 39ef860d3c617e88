/** `versions.rollback`: republish an old version as a new one (rolledBackFrom) and reset the draft to it. */
import { z } from 'zod';
import { ZBreakGlassReason, ZReason, ZVersionMeta } from '../shared.types.ts';

export const ZRollbackVersionRequestSchema = z.object({
  version: z.number().int().min(1),
  reason: ZReason,
  breakGlassReason: ZBreakGlassReason,
});
/** `changed: false`: the version equals the current config (with today's migrations); nothing was published, only the draft reset. */
export const ZRollbackVersionResponseSchema = ZVersionMeta.extend({
  draftRevision: z.number().int(),
  changed: z.boolean(),
});

/** `versions.rollbackPreview`: what a rollback to `version` would publish, before it does. */
export const ZRollbackPreviewRequestSchema = z.object({ version: z.number().int().min(1) });
export const ZRollbackPreviewResponseSchema = z.object({
  version: z.number().int(),
  currentVersion: z.number().int(),
  /** Current published config → what the rollback publishes (today's migrations kept). */
  changes: z.array(z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() })),
  /** "id@PHASE" of the migrations kept as they are today. */
  keptMigrations: z.array(z.string()),
  /** The failover refusal the rollback would hit, else null. */
  refusal: z.string().nullable(),
});
export type TRollbackPreviewResponse = z.infer<typeof ZRollbackPreviewResponseSchema>;

export type TRollbackVersionRequest = z.infer<typeof ZRollbackVersionRequestSchema>;
export type TRollbackVersionResponse = z.infer<typeof ZRollbackVersionResponseSchema>;
