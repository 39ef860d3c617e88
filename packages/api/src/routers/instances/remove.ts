import { removeInstance } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZRemoveInstanceRequestSchema, ZRemoveInstanceResponseSchema } from './remove.types.ts';

export const removeRoute = adminProcedure
  .input(ZRemoveInstanceRequestSchema)
  .output(ZRemoveInstanceResponseSchema)
  .mutation(({ ctx, input }) => removeInstance(ctx.db, ctx.actor, input));
