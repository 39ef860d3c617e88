/** `metrics.traffic`: requests per second over time, by caller or by the region of the instance that served them. */
import { z } from 'zod';
import { ZSinceSec, ZTimeSeries } from './metrics.types.ts';

export const ZMetricsTrafficRequestSchema = z.object({ sinceSec: ZSinceSec, by: z.enum(['region', 'caller']) });
export const ZMetricsTrafficResponseSchema = ZTimeSeries;

export type TMetricsTrafficRequest = z.infer<typeof ZMetricsTrafficRequestSchema>;
export type TMetricsTrafficResponse = z.infer<typeof ZMetricsTrafficResponseSchema>;
