import { createMigration } from '../../services/migration-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZMigrationCreateRequestSchema, ZMigrationCreateResponseSchema } from './create.types.ts';

export const migrationCreateRoute = operatorProcedure
  .input(ZMigrationCreateRequestSchema)
  .output(ZMigrationCreateResponseSchema)
  .mutation(({ ctx, input }) => createMigration(ctx, ctx.actor, input));
