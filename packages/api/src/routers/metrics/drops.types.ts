/** `metrics.drops`: degradation drops per second, and per caller / per key totals over the window (the degradation page reads the last minute). */
import { z } from 'zod';
import { ZSinceSec, ZTimeSeries } from './metrics.types.ts';

export const ZMetricsDropsRequestSchema = z.object({ sinceSec: ZSinceSec }).default({ sinceSec: 900 });
export const ZMetricsDropsResponseSchema = z.object({
  series: ZTimeSeries,
  callers: z.record(z.string(), z.number()),
  keys: z.record(z.string(), z.number()),
  throttles: z.record(z.string(), z.number()),
  reported: z.boolean(),
});

export type TMetricsDropsRequest = z.infer<typeof ZMetricsDropsRequestSchema>;
export type TMetricsDropsResponse = z.infer<typeof ZMetricsDropsResponseSchema>;
