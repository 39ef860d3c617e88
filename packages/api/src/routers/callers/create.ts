import { createCaller } from '../../services/caller-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZCreateCallerRequestSchema, ZCreateCallerResponseSchema } from './create.types.ts';

export const createRoute = adminProcedure
  .input(ZCreateCallerRequestSchema)
  .output(ZCreateCallerResponseSchema)
  .mutation(({ ctx, input }) => createCaller(ctx.db, ctx.actor, input));
