import { setCallerDrop } from '../../services/degradation-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZSetCallerDropRequestSchema, ZSetCallerDropResponseSchema } from './set-caller.types.ts';
import { requireApproval } from '../../services/approvals/request-service.ts';

export const setCallerRoute = operatorProcedure
  .input(ZSetCallerDropRequestSchema)
  .output(ZSetCallerDropResponseSchema)
  .mutation(async ({ ctx, input }) => {
    await requireApproval(ctx, ctx.actor, {
      action: 'drop',
      payload: { kind: 'caller', ...input },
      summary: `drop ${input.ratio * 100}% of caller ${input.caller}`,
      reason: input.reason,
    });
    return setCallerDrop(ctx.db, ctx.actor, input);
  });
