import { setAutoThrottle } from '../../services/throttle-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZSetAutoThrottleRequestSchema, ZSetAutoThrottleResponseSchema } from './set-auto-throttle.types.ts';

export const setAutoThrottleRoute = operatorProcedure
  .input(ZSetAutoThrottleRequestSchema)
  .output(ZSetAutoThrottleResponseSchema)
  .mutation(({ ctx, input }) => setAutoThrottle(ctx.db, ctx.actor, input));
