import { clearFailover } from '../../services/failback-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZFailoverClearRequestSchema, ZFailoverClearResponseSchema } from './clear.types.ts';
import { requireApproval } from '../../services/approvals/request-service.ts';

export const failoverClearRoute = operatorProcedure
  .input(ZFailoverClearRequestSchema)
  .output(ZFailoverClearResponseSchema)
  .mutation(async ({ ctx, input }) => {
    await requireApproval(ctx, ctx.actor, {
      action: 'failback',
      payload: input,
      summary: `failback of ${input.from}`,
      reason: input.reason,
    });
    return clearFailover(ctx, ctx.actor, input);
  });
