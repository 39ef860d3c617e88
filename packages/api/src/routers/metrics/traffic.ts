import { trafficSeries } from '../../services/metrics-query-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZMetricsTrafficRequestSchema, ZMetricsTrafficResponseSchema } from './traffic.types.ts';

export const metricsTrafficRoute = viewerProcedure
  .input(ZMetricsTrafficRequestSchema)
  .output(ZMetricsTrafficResponseSchema)
  .query(({ ctx, input }) => trafficSeries(ctx.db, input.sinceSec, input.by));
