import { previewFailback } from '../../services/failback-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZFailbackPreviewRequestSchema, ZFailbackPreviewResponseSchema } from './failback-preview.types.ts';

export const failoverFailbackPreviewRoute = viewerProcedure
  .input(ZFailbackPreviewRequestSchema)
  .output(ZFailbackPreviewResponseSchema)
  .query(({ ctx, input }) => previewFailback(ctx, input.from));
