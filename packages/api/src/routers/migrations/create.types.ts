/** `migrations.create`: start a migration in DUAL_WRITE (publishes at once). */
import { z } from 'zod';
import { ZName } from '@switchyard/core';
import { ZReason } from '../shared.types.ts';
import { ZMigrationScope, ZTransitionResponse } from './migration.types.ts';

export const ZMigrationCreateRequestSchema = z.object({
  name: z.string().trim().min(1).max(120),
  code: z.number().int().min(0),
  from: ZName,
  to: ZName,
  /** Both M and r are required (no silent r = 0); r must be below M. */
  scope: ZMigrationScope.refine((s) => s.remainder < s.modulo, {
    message: 'r must be below M',
    path: ['remainder'],
  }).optional(),
  reason: ZReason,
});
export const ZMigrationCreateResponseSchema = ZTransitionResponse;
export type TMigrationCreateRequest = z.infer<typeof ZMigrationCreateRequestSchema>;
export type TMigrationCreateResponse = z.infer<typeof ZMigrationCreateResponseSchema>;
