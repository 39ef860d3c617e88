import { reorderKeyTypes } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZReorderKeyTypesRequestSchema, ZReorderKeyTypesResponseSchema } from './reorder.types.ts';

export const reorderRoute = adminProcedure
  .input(ZReorderKeyTypesRequestSchema)
  .output(ZReorderKeyTypesResponseSchema)
  .mutation(({ ctx, input }) => reorderKeyTypes(ctx.db, ctx.actor, input));
