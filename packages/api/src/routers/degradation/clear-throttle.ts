import { clearThrottle } from '../../services/throttle-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZClearThrottleRequestSchema, ZClearThrottleResponseSchema } from './clear-throttle.types.ts';

export const clearThrottleRoute = operatorProcedure
  .input(ZClearThrottleRequestSchema)
  .output(ZClearThrottleResponseSchema)
  .mutation(({ ctx, input }) => clearThrottle(ctx.db, ctx.actor, input));
