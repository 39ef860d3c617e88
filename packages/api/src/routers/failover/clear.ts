import { clearFailover } from '../../services/failback-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZFailoverClearRequestSchema, ZFailoverClearResponseSchema } from './clear.types.ts';

export const failoverClearRoute = operatorProcedure
  .input(ZFailoverClearRequestSchema)
  .output(ZFailoverClearResponseSchema)
  .mutation(({ ctx, input }) => clearFailover(ctx, ctx.actor, input));
