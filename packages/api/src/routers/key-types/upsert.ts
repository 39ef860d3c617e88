import { upsertKeyType } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZUpsertKeyTypeRequestSchema, ZUpsertKeyTypeResponseSchema } from './upsert.types.ts';

export const upsertRoute = adminProcedure
  .input(ZUpsertKeyTypeRequestSchema)
  .output(ZUpsertKeyTypeResponseSchema)
  .mutation(({ ctx, input }) => upsertKeyType(ctx.db, ctx.actor, input));
