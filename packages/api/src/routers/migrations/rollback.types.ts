/** `migrations.rollback`: back to an earlier phase (routing of that phase) or ABORTED. */
import type { z } from 'zod';
import { ZMigrationAdvanceRequestSchema } from './advance.types.ts';
import { ZTransitionResponse } from './migration.types.ts';

export const ZMigrationRollbackRequestSchema = ZMigrationAdvanceRequestSchema;
export const ZMigrationRollbackResponseSchema = ZTransitionResponse;
export type TMigrationRollbackRequest = z.infer<typeof ZMigrationRollbackRequestSchema>;
export type TMigrationRollbackResponse = z.infer<typeof ZMigrationRollbackResponseSchema>;
