import { dropsOverview } from '../../services/metrics-query-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZMetricsDropsRequestSchema, ZMetricsDropsResponseSchema } from './drops.types.ts';

export const metricsDropsRoute = viewerProcedure
  .input(ZMetricsDropsRequestSchema)
  .output(ZMetricsDropsResponseSchema)
  .query(({ ctx, input }) => dropsOverview(ctx.db, input.sinceSec));
