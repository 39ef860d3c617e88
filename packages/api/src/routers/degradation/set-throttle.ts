import { setThrottle } from '../../services/throttle-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZSetThrottleRequestSchema, ZSetThrottleResponseSchema } from './set-throttle.types.ts';

export const setThrottleRoute = operatorProcedure
  .input(ZSetThrottleRequestSchema)
  .output(ZSetThrottleResponseSchema)
  .mutation(({ ctx, input }) => setThrottle(ctx.db, ctx.actor, input));
