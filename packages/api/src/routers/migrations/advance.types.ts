/** `migrations.advance`: the next phase, or a new percentage inside GRAY_READ / STOP_DUAL_WRITE. */
import { z } from 'zod';
import { ZMigrationPhase } from '@switchyard/core';
import { ZBreakGlassReason, ZReason } from '../shared.types.ts';
import { ZMigrationId, ZTransitionResponse } from './migration.types.ts';

export const ZMigrationAdvanceRequestSchema = ZMigrationId.extend({
  to: ZMigrationPhase,
  /** Required by GRAY_READ and STOP_DUAL_WRITE (the state machine says so when missing). */
  percent: z.number({ error: 'percent must be a number between 0 and 100' }).min(0).max(100).optional(),
  /** Overrides a guard rail (unresolved differences, queued compensation); audited. */
  overrideReason: z.string().trim().min(3).max(500).optional(),
  /** The migration's name, typed: DONE, STOP_DUAL_WRITE and ABORTED need it. */
  confirm: z.string().max(200).optional(),
  reason: ZReason,
  /** Admin only: advance despite breached safety rules (audited as safety.breakGlass). */
  breakGlassReason: ZBreakGlassReason,
});
export const ZMigrationAdvanceResponseSchema = ZTransitionResponse;
export type TMigrationAdvanceRequest = z.infer<typeof ZMigrationAdvanceRequestSchema>;
export type TMigrationAdvanceResponse = z.infer<typeof ZMigrationAdvanceResponseSchema>;
