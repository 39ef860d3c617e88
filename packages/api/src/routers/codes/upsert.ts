import { upsertCode } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZUpsertCodeRequestSchema, ZUpsertCodeResponseSchema } from './upsert.types.ts';

export const upsertRoute = adminProcedure
  .input(ZUpsertCodeRequestSchema)
  .output(ZUpsertCodeResponseSchema)
  .mutation(({ ctx, input }) => upsertCode(ctx.db, ctx.actor, input));
