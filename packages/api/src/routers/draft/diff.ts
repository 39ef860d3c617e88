import { diffDraft } from '../../services/draft-diff.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZDiffDraftRequestSchema, ZDiffDraftResponseSchema } from './diff.types.ts';

export const diffDraftRoute = viewerProcedure
  .input(ZDiffDraftRequestSchema)
  .output(ZDiffDraftResponseSchema)
  .query(({ ctx }) => diffDraft(ctx.db));
