/** `metrics.events`: markers for the time charts (publishes, failovers/failbacks, drop rules, migration phases) from the audit log. */
import { z } from 'zod';
import { ZMetricsWindowRequest } from './metrics.types.ts';

export const ZMetricsEventsRequestSchema = ZMetricsWindowRequest;
export const ZMetricsEventsResponseSchema = z.array(
  z.object({
    id: z.string(),
    t: z.number(),
    kind: z.enum(['publish', 'rollback', 'failover', 'failback', 'drop-set', 'drop-cleared', 'migration']),
    label: z.string(),
    actor: z.string(),
    reason: z.string().nullable(),
    version: z.number().int().nullable(),
  }),
);

export type TMetricsEventsRequest = z.infer<typeof ZMetricsEventsRequestSchema>;
export type TMetricsEventsResponse = z.infer<typeof ZMetricsEventsResponseSchema>;
