import { reconReport } from '../../services/recon-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZReconReportRequestSchema, ZReconReportResponseSchema } from './report.types.ts';

export const reconReportRoute = viewerProcedure
  .input(ZReconReportRequestSchema)
  .output(ZReconReportResponseSchema)
  .query(async ({ ctx, input }) => ({ runs: await reconReport(ctx.db, input.id, input.limit) }));
