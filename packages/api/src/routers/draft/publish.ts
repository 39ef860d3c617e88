import { publishDraft } from '../../services/versions-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import { ZPublishDraftRequestSchema, ZPublishDraftResponseSchema } from './publish.types.ts';

export const publishDraftRoute = operatorProcedure
  .input(ZPublishDraftRequestSchema)
  .output(ZPublishDraftResponseSchema)
  .mutation(({ ctx, input }) =>
    publishDraft(ctx.db, ctx.actor, {
      ...input,
      canary: input.canary ? { request: input.canary, liveMs: ctx.options.workerLiveMs } : undefined,
    }),
  );
