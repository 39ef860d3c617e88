import { setKeyDrop } from '../../services/degradation-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZClearKeyDropRequestSchema, ZClearKeyDropResponseSchema } from './clear-key.types.ts';

export const clearKeyRoute = operatorProcedure
  .input(ZClearKeyDropRequestSchema)
  .output(ZClearKeyDropResponseSchema)
  .mutation(({ ctx, input }) => setKeyDrop(ctx.db, ctx.actor, { ...input, ratio: 0 }));
