import { setKeyDrop } from '../../services/degradation-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZSetKeyDropRequestSchema, ZSetKeyDropResponseSchema } from './set-key.types.ts';
import { requireApproval } from '../../services/approvals/request-service.ts';

export const setKeyRoute = operatorProcedure
  .input(ZSetKeyDropRequestSchema)
  .output(ZSetKeyDropResponseSchema)
  .mutation(async ({ ctx, input }) => {
    await requireApproval(ctx, ctx.actor, {
      action: 'drop',
      payload: { kind: 'key', ...input },
      summary: `drop ${input.ratio * 100}% of key ${input.key}`,
      reason: input.reason,
    });
    return setKeyDrop(ctx.db, ctx.actor, input);
  });
