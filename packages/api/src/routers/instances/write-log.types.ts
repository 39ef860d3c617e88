/** `instances.writeLog`: every write-log mirror of the published config with its live lag, redo throughput and checker counts. */
import { z } from 'zod';
import { ZWriteLogMirrorStatus } from '../failover/failover.types.ts';

export const ZInstancesWriteLogRequestSchema = z.void();
export const ZInstancesWriteLogResponseSchema = z.object({
  thresholds: z.object({ maxLagSeconds: z.number(), maxLagEntries: z.number().int(), checkAfterMs: z.number().int() }),
  mirrors: z.array(ZWriteLogMirrorStatus),
});

export type TInstancesWriteLogResponse = z.infer<typeof ZInstancesWriteLogResponseSchema>;
