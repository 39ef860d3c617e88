import { setFailover } from '../../services/failover-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZFailoverSetRequestSchema, ZFailoverSetResponseSchema } from './set.types.ts';

export const failoverSetRoute = operatorProcedure
  .input(ZFailoverSetRequestSchema)
  .output(ZFailoverSetResponseSchema)
  .mutation(({ ctx, input }) => setFailover(ctx, ctx.actor, input));
