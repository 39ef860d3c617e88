import { upsertInstance } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZUpsertInstanceRequestSchema, ZUpsertInstanceResponseSchema } from './upsert.types.ts';

export const upsertRoute = adminProcedure
  .input(ZUpsertInstanceRequestSchema)
  .output(ZUpsertInstanceResponseSchema)
  .mutation(({ ctx, input }) => upsertInstance(ctx.db, ctx.actor, input, ctx.options.redisTimeoutMs));
