import { reconDifferences } from '../../services/recon-repair-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZReconDifferencesRequestSchema, ZReconDifferencesResponseSchema } from './differences.types.ts';

export const reconDifferencesRoute = viewerProcedure
  .input(ZReconDifferencesRequestSchema)
  .output(ZReconDifferencesResponseSchema)
  .query(({ ctx, input }) => reconDifferences(ctx.db, input.id, input.limit));
