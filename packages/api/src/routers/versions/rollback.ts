import { rollbackTo } from '../../services/versions-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZRollbackVersionRequestSchema, ZRollbackVersionResponseSchema } from './rollback.types.ts';
import { requireApproval } from '../../services/approvals/request-service.ts';

export const rollbackRoute = operatorProcedure
  .input(ZRollbackVersionRequestSchema)
  .output(ZRollbackVersionResponseSchema)
  .mutation(async ({ ctx, input }) => {
    await requireApproval(ctx, ctx.actor, {
      action: 'rollback',
      payload: input,
      summary: `rollback to version ${input.version}`,
      reason: input.reason,
    });
    return rollbackTo(ctx.db, ctx.actor, input);
  });
