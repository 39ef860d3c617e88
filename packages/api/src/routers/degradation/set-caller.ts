import { setCallerDrop } from '../../services/degradation-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZSetCallerDropRequestSchema, ZSetCallerDropResponseSchema } from './set-caller.types.ts';

export const setCallerRoute = operatorProcedure
  .input(ZSetCallerDropRequestSchema)
  .output(ZSetCallerDropResponseSchema)
  .mutation(({ ctx, input }) => setCallerDrop(ctx.db, ctx.actor, input));
