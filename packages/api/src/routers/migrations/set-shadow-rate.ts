import { setShadowReadRate } from '../../services/shadow-read-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZSetShadowRateRequestSchema, ZSetShadowRateResponseSchema } from './set-shadow-rate.types.ts';

export const migrationSetShadowRateRoute = operatorProcedure
  .input(ZSetShadowRateRequestSchema)
  .output(ZSetShadowRateResponseSchema)
  .mutation(({ ctx, input }) => setShadowReadRate(ctx.db, ctx.actor, input));
