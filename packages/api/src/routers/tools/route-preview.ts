import { routePreview } from '../../services/tools-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZRoutePreviewRequestSchema, ZRoutePreviewResponseSchema } from './route-preview.types.ts';

export const routePreviewRoute = viewerProcedure
  .input(ZRoutePreviewRequestSchema)
  .output(ZRoutePreviewResponseSchema)
  .query(({ ctx, input }) => routePreview(ctx.db, input.key, input.command ?? 'GET'));
