/** `migrations.advance`: the next phase, or a new percentage inside GRAY_READ / STOP_DUAL_WRITE. */
import { z } from 'zod';
import { ZMigrationPhase } from '@switchyard/core';
import { ZReason } from '../shared.types.ts';
import { ZMigrationId, ZTransitionResponse } from './migration.types.ts';

export const ZMigrationAdvanceRequestSchema = ZMigrationId.extend({
  to: ZMigrationPhase,
  percent: z.number().min(0).max(100).optional(),
  /** Overrides a guard rail (unresolved differences, queued compensation); audited. */
  overrideReason: z.string().trim().min(3).max(500).optional(),
  reason: ZReason,
});
export const ZMigrationAdvanceResponseSchema = ZTransitionResponse;
export type TMigrationAdvanceRequest = z.infer<typeof ZMigrationAdvanceRequestSchema>;
export type TMigrationAdvanceResponse = z.infer<typeof ZMigrationAdvanceResponseSchema>;
