import { rejectRequest } from '../../services/approvals/request-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZRejectRequestRequestSchema, ZRejectRequestResponseSchema } from './reject.types.ts';

export const rejectRequestRoute = operatorProcedure
  .input(ZRejectRequestRequestSchema)
  .output(ZRejectRequestResponseSchema)
  .mutation(({ ctx, input }) => rejectRequest(ctx, ctx.actor, input));
