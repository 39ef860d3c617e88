import { upsertRegion } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZUpsertRegionRequestSchema, ZUpsertRegionResponseSchema } from './upsert.types.ts';

export const upsertRoute = adminProcedure
  .input(ZUpsertRegionRequestSchema)
  .output(ZUpsertRegionResponseSchema)
  .mutation(({ ctx, input }) => upsertRegion(ctx.db, ctx.actor, input));
