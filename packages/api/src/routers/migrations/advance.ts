import { transitionMigration } from '../../services/migration-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZMigrationAdvanceRequestSchema, ZMigrationAdvanceResponseSchema } from './advance.types.ts';
import { requireApproval } from '../../services/approvals/request-service.ts';
import { migrationAction } from '../../services/approvals/gated-actions.ts';

export const migrationAdvanceRoute = operatorProcedure
  .input(ZMigrationAdvanceRequestSchema)
  .output(ZMigrationAdvanceResponseSchema)
  .mutation(async ({ ctx, input }) => {
    const action = migrationAction(input.to);
    if (action)
      await requireApproval(ctx, ctx.actor, {
        action,
        payload: input,
        summary: `migration ${input.id} → ${input.to}`,
        reason: input.reason,
      });
    return transitionMigration(ctx, ctx.actor, input, false);
  });
