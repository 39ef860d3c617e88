/** `metrics.hotKeys`: the hottest keys of the window (qps summed across workers), with their key type and drop rule. */
import { z } from 'zod';
import { ZKeyAnnotation } from './metrics.types.ts';

export const ZMetricsHotKeysRequestSchema = z
  .object({
    sinceSec: z.number().int().min(10).max(3_600).default(60),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .default({ sinceSec: 60, limit: 20 });
export const ZMetricsHotKeysResponseSchema = z.array(ZKeyAnnotation.extend({ key: z.string(), qps: z.number() }));

export type TMetricsHotKeysRequest = z.infer<typeof ZMetricsHotKeysRequestSchema>;
export type TMetricsHotKeysResponse = z.infer<typeof ZMetricsHotKeysResponseSchema>;
