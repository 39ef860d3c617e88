import { ruleHistory } from '../../services/safety/safety-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZSafetyHistoryRequestSchema, ZSafetyHistoryResponseSchema } from './history.types.ts';

export const safetyHistoryRoute = viewerProcedure
  .input(ZSafetyHistoryRequestSchema)
  .output(ZSafetyHistoryResponseSchema)
  .query(({ ctx, input }) => ruleHistory(ctx.db, input.limit));
