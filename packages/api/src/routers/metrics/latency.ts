import { latencySeries } from '../../services/metrics-query-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZMetricsLatencyRequestSchema, ZMetricsLatencyResponseSchema } from './latency.types.ts';

export const metricsLatencyRoute = viewerProcedure
  .input(ZMetricsLatencyRequestSchema)
  .output(ZMetricsLatencyResponseSchema)
  .query(({ ctx, input }) => latencySeries(ctx.db, input.sinceSec));
