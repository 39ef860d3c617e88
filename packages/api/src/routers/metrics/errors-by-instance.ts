import { errorsByInstanceSeries } from '../../services/metrics-query-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import {
  ZMetricsErrorsByInstanceRequestSchema,
  ZMetricsErrorsByInstanceResponseSchema,
} from './errors-by-instance.types.ts';

export const metricsErrorsByInstanceRoute = viewerProcedure
  .input(ZMetricsErrorsByInstanceRequestSchema)
  .output(ZMetricsErrorsByInstanceResponseSchema)
  .query(({ ctx, input }) => errorsByInstanceSeries(ctx.db, input.sinceSec));
