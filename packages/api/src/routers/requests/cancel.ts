import { cancelRequest } from '../../services/approvals/request-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZCancelRequestRequestSchema, ZCancelRequestResponseSchema } from './cancel.types.ts';

export const cancelRequestRoute = operatorProcedure
  .input(ZCancelRequestRequestSchema)
  .output(ZCancelRequestResponseSchema)
  .mutation(({ ctx, input }) => cancelRequest(ctx, ctx.actor, input));
