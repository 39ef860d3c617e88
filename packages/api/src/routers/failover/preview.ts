import { previewFailover } from '../../services/failover-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZFailoverPreviewRequestSchema, ZFailoverPreviewResponseSchema } from './preview.types.ts';

export const failoverPreviewRoute = viewerProcedure
  .input(ZFailoverPreviewRequestSchema)
  .output(ZFailoverPreviewResponseSchema)
  .query(({ ctx, input }) => previewFailover(ctx, input.from, input.to));
