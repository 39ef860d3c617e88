import { removeRegion } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZRemoveRegionRequestSchema, ZRemoveRegionResponseSchema } from './remove.types.ts';

export const removeRoute = adminProcedure
  .input(ZRemoveRegionRequestSchema)
  .output(ZRemoveRegionResponseSchema)
  .mutation(({ ctx, input }) => removeRegion(ctx.db, ctx.actor, input));
