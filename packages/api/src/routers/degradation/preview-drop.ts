import { previewDrop } from '../../services/safety/drop-preview.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZPreviewDropRequestSchema, ZPreviewDropResponseSchema } from './preview-drop.types.ts';

export const previewDropRoute = viewerProcedure
  .input(ZPreviewDropRequestSchema)
  .output(ZPreviewDropResponseSchema)
  .query(({ ctx, input }) => previewDrop(ctx.db, input));
