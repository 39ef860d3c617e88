/** `recon.report`: a migration's reconciliation runs, newest first. */
import { z } from 'zod';
import { ZReconRunView } from '../migrations/migration.types.ts';

export const ZReconReportRequestSchema = z.object({
  id: z.string().min(1).max(100),
  limit: z.number().int().min(1).max(500).default(50),
});
export const ZReconReportResponseSchema = z.object({ runs: z.array(ZReconRunView) });
export type TReconReportResponse = z.infer<typeof ZReconReportResponseSchema>;
