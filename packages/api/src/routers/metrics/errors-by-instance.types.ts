/** `metrics.errorsByInstance`: backend errors per second by instance. */
import type { z } from 'zod';
import { ZMetricsWindowRequest, ZTimeSeries } from './metrics.types.ts';

export const ZMetricsErrorsByInstanceRequestSchema = ZMetricsWindowRequest;
export const ZMetricsErrorsByInstanceResponseSchema = ZTimeSeries;

export type TMetricsErrorsByInstanceRequest = z.infer<typeof ZMetricsErrorsByInstanceRequestSchema>;
export type TMetricsErrorsByInstanceResponse = z.infer<typeof ZMetricsErrorsByInstanceResponseSchema>;
