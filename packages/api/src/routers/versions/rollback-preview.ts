import { rollbackPreview } from '../../services/versions-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZRollbackPreviewRequestSchema, ZRollbackPreviewResponseSchema } from './rollback.types.ts';

export const rollbackPreviewRoute = viewerProcedure
  .input(ZRollbackPreviewRequestSchema)
  .output(ZRollbackPreviewResponseSchema)
  .query(({ ctx, input }) => rollbackPreview(ctx.db, ctx.actor, input.version));
