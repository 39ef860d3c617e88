/**
 * `migrations.shadowReads`: shadow-read compare counters of a migration (seed 001 §8.3.4.3),
 * summed over live workers per key type (cumulative since each worker started), with the
 * not-found count on each side; next to the gray percentage on the migration page.
 */
import { z } from 'zod';
import { ZMigrationId } from './migration.types.ts';

const ZCount = z.number().int().min(0);

export const ZShadowReadsRequestSchema = ZMigrationId;
export const ZShadowReadsResponseSchema = z.object({
  id: z.string(),
  phase: z.string(),
  grayReadPercent: z.number(),
  /** The sampled share of gray-phase reads compared (0..1). */
  rate: z.number(),
  /** Live workers that reported counters for this migration. */
  workers: z.number().int(),
  keyTypes: z.array(
    z.object({
      keyType: z.string(),
      compared: ZCount,
      equal: ZCount,
      differing: ZCount,
      missingOnNew: ZCount,
      notFoundOld: ZCount,
      notFoundNew: ZCount,
    }),
  ),
});
export type TShadowReadsResponse = z.infer<typeof ZShadowReadsResponseSchema>;
