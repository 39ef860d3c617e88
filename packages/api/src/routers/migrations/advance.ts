import { transitionMigration } from '../../services/migration-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZMigrationAdvanceRequestSchema, ZMigrationAdvanceResponseSchema } from './advance.types.ts';

export const migrationAdvanceRoute = operatorProcedure
  .input(ZMigrationAdvanceRequestSchema)
  .output(ZMigrationAdvanceResponseSchema)
  .mutation(({ ctx, input }) => transitionMigration(ctx, ctx.actor, input, false));
