import { getDraft } from '../../services/draft-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZGetDraftRequestSchema, ZGetDraftResponseSchema } from './get.types.ts';

export const getDraftRoute = viewerProcedure
  .input(ZGetDraftRequestSchema)
  .output(ZGetDraftResponseSchema)
  .query(({ ctx }) => getDraft(ctx.db));
