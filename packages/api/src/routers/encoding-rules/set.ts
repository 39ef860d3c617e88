import { setEncodingRules } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZSetEncodingRulesRequestSchema, ZSetEncodingRulesResponseSchema } from './set.types.ts';

export const setRoute = adminProcedure
  .input(ZSetEncodingRulesRequestSchema)
  .output(ZSetEncodingRulesResponseSchema)
  .mutation(({ ctx, input }) => setEncodingRules(ctx.db, ctx.actor, input));
