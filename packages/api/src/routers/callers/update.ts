import { updateCaller } from '../../services/caller-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZUpdateCallerRequestSchema, ZUpdateCallerResponseSchema } from './update.types.ts';

export const updateRoute = adminProcedure
  .input(ZUpdateCallerRequestSchema)
  .output(ZUpdateCallerResponseSchema)
  .mutation(({ ctx, input }) => updateCaller(ctx.db, ctx.actor, input));
