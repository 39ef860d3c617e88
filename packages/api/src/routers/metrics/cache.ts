import { cacheSeries } from '../../services/metrics-query-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZMetricsCacheRequestSchema, ZMetricsCacheResponseSchema } from './cache.types.ts';

export const metricsCacheRoute = viewerProcedure
  .input(ZMetricsCacheRequestSchema)
  .output(ZMetricsCacheResponseSchema)
  .query(({ ctx, input }) => cacheSeries(ctx.db, input.sinceSec));
