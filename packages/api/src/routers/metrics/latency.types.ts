/** `metrics.latency`: p50 (request-weighted) and p99 (worst worker) latency in milliseconds. */
import type { z } from 'zod';
import { ZMetricsWindowRequest, ZTimeSeries } from './metrics.types.ts';

export const ZMetricsLatencyRequestSchema = ZMetricsWindowRequest;
export const ZMetricsLatencyResponseSchema = ZTimeSeries;

export type TMetricsLatencyRequest = z.infer<typeof ZMetricsLatencyRequestSchema>;
export type TMetricsLatencyResponse = z.infer<typeof ZMetricsLatencyResponseSchema>;
