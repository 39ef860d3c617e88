/** `migrations.status`: phase, backfill progress, latest reconciliation, compensation depth, timeline. */
import type { z } from 'zod';
import { ZMigrationId, ZMigrationStatus } from './migration.types.ts';

export const ZMigrationStatusRequestSchema = ZMigrationId;
export const ZMigrationStatusResponseSchema = ZMigrationStatus;
export type TMigrationStatusRequest = z.infer<typeof ZMigrationStatusRequestSchema>;
export type TMigrationStatusResponse = z.infer<typeof ZMigrationStatusResponseSchema>;
