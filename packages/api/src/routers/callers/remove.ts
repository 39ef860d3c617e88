import { removeCaller } from '../../services/caller-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZRemoveCallerRequestSchema, ZRemoveCallerResponseSchema } from './remove.types.ts';

export const removeRoute = adminProcedure
  .input(ZRemoveCallerRequestSchema)
  .output(ZRemoveCallerResponseSchema)
  .mutation(({ ctx, input }) => removeCaller(ctx.db, ctx.actor, input));
