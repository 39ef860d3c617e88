import { setFailover } from '../../services/failover-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZFailoverSetRequestSchema, ZFailoverSetResponseSchema } from './set.types.ts';
import { requireApproval } from '../../services/approvals/request-service.ts';

export const failoverSetRoute = operatorProcedure
  .input(ZFailoverSetRequestSchema)
  .output(ZFailoverSetResponseSchema)
  .mutation(async ({ ctx, input }) => {
    await requireApproval(ctx, ctx.actor, {
      action: 'failover',
      payload: input,
      summary: `failover ${input.from} → ${input.to}`,
      reason: input.reason,
    });
    return setFailover(ctx, ctx.actor, input);
  });
