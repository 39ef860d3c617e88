import { listMigrations } from '../../services/migration-status-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZMigrationListRequestSchema, ZMigrationListResponseSchema } from './list.types.ts';

export const migrationListRoute = viewerProcedure
  .input(ZMigrationListRequestSchema)
  .output(ZMigrationListResponseSchema)
  .query(async ({ ctx }) => ({ migrations: await listMigrations(ctx.db) }));
