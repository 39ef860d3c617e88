/** `recon.rerun`: "re-run now", a reconciliation round the migrator starts as soon as it sees it. */
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';

export const ZReconRerunRequestSchema = z.object({ id: z.string().min(1).max(100), reason: ZReason });
export const ZReconRerunResponseSchema = z.object({ requestId: z.string(), requestedAt: z.string() });
export type TReconRerunResponse = z.infer<typeof ZReconRerunResponseSchema>;
