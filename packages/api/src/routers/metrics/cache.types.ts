/** `metrics.cache`: local cache hits, misses, stale serves per second and the hit ratio (0–1). */
import type { z } from 'zod';
import { ZMetricsWindowRequest, ZTimeSeries } from './metrics.types.ts';

export const ZMetricsCacheRequestSchema = ZMetricsWindowRequest;
export const ZMetricsCacheResponseSchema = ZTimeSeries;

export type TMetricsCacheRequest = z.infer<typeof ZMetricsCacheRequestSchema>;
export type TMetricsCacheResponse = z.infer<typeof ZMetricsCacheResponseSchema>;
