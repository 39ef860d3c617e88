import { saveRules } from '../../services/safety/safety-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZSetSafetyRequestSchema, ZSetSafetyResponseSchema } from './set.types.ts';

export const setSafetyRoute = adminProcedure
  .input(ZSetSafetyRequestSchema)
  .output(ZSetSafetyResponseSchema)
  .mutation(({ ctx, input }) => saveRules(ctx.db, ctx.actor, input));
