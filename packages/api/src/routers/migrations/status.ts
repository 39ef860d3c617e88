import { migrationStatus } from '../../services/migration-status-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZMigrationStatusRequestSchema, ZMigrationStatusResponseSchema } from './status.types.ts';

export const migrationStatusRoute = viewerProcedure
  .input(ZMigrationStatusRequestSchema)
  .output(ZMigrationStatusResponseSchema)
  .query(({ ctx, input }) => migrationStatus(ctx, input.id));
