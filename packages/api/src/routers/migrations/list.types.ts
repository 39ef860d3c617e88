/** `migrations.list`: every migration, newest first. */
import { z } from 'zod';
import { ZMigrationView } from './migration.types.ts';

export const ZMigrationListRequestSchema = z.object({}).optional();
export const ZMigrationListResponseSchema = z.object({ migrations: z.array(ZMigrationView) });
export type TMigrationListResponse = z.infer<typeof ZMigrationListResponseSchema>;
