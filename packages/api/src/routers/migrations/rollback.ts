import { transitionMigration } from '../../services/migration-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZMigrationRollbackRequestSchema, ZMigrationRollbackResponseSchema } from './rollback.types.ts';

export const migrationRollbackRoute = operatorProcedure
  .input(ZMigrationRollbackRequestSchema)
  .output(ZMigrationRollbackResponseSchema)
  .mutation(({ ctx, input }) => transitionMigration(ctx, ctx.actor, input, true));
