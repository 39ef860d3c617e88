import { setCallerDrop } from '../../services/degradation-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZClearCallerDropRequestSchema, ZClearCallerDropResponseSchema } from './clear-caller.types.ts';

export const clearCallerRoute = operatorProcedure
  .input(ZClearCallerDropRequestSchema)
  .output(ZClearCallerDropResponseSchema)
  .mutation(({ ctx, input }) => setCallerDrop(ctx.db, ctx.actor, { ...input, ratio: 0 }));
