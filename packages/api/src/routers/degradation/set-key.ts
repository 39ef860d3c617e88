import { setKeyDrop } from '../../services/degradation-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZSetKeyDropRequestSchema, ZSetKeyDropResponseSchema } from './set-key.types.ts';

export const setKeyRoute = operatorProcedure
  .input(ZSetKeyDropRequestSchema)
  .output(ZSetKeyDropResponseSchema)
  .mutation(({ ctx, input }) => setKeyDrop(ctx.db, ctx.actor, input));
