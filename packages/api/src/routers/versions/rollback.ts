import { rollbackTo } from '../../services/versions-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZRollbackVersionRequestSchema, ZRollbackVersionResponseSchema } from './rollback.types.ts';

export const rollbackRoute = operatorProcedure
  .input(ZRollbackVersionRequestSchema)
  .output(ZRollbackVersionResponseSchema)
  .mutation(({ ctx, input }) => rollbackTo(ctx.db, ctx.actor, input));
