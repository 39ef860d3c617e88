import { approveRequest } from '../../services/approvals/request-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZApproveRequestRequestSchema, ZApproveRequestResponseSchema } from './approve.types.ts';

export const approveRequestRoute = operatorProcedure
  .input(ZApproveRequestRequestSchema)
  .output(ZApproveRequestResponseSchema)
  .mutation(({ ctx, input }) => approveRequest(ctx, ctx.actor, input));
